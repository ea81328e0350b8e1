-- Every latin1 byte 0x00-0xFF, as a VARCHAR (binlog: a string cell) and inside a TEXT (binlog: a blob cell).
CREATE TABLE chars (
    id INT PRIMARY KEY,
    txt VARCHAR(8) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL,
    note TEXT CHARACTER SET latin1 NULL,
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_chars_updated (updated_at)
);
INSERT INTO chars (id, txt, note) SELECT seq, CHAR(seq USING latin1), CONCAT('a', CHAR(seq USING latin1), 'z')
    FROM seq_0_to_255;
