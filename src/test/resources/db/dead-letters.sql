-- Rows among good rows that cannot become documents: id 3 is a 17 MiB LONGBLOB (over MongoDB's 16 MiB limit),
-- id 6 a DATE MariaDB stores under ALLOW_INVALID_DATES that java.time refuses (a conversion failure).
CREATE TABLE files (
    id INT PRIMARY KEY,
    name VARCHAR(50) NOT NULL,
    data LONGBLOB NULL,
    due DATE NULL,
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_files_updated (updated_at)
);
SET SESSION sql_mode = 'ALLOW_INVALID_DATES';
INSERT INTO files (id, name, data, due) VALUES (1, 'one', 'a', '2024-02-29'), (2, 'two', 'b', NULL),
    (4, 'four', 'd', NULL), (5, 'five', 'e', NULL);
INSERT INTO files (id, name, data) VALUES (3, 'big', REPEAT('x', 17825792));
INSERT INTO files (id, name, data, due) VALUES (6, 'bad date', 'f', '2024-02-30');
