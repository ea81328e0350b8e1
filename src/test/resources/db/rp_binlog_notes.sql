-- BinlogResnapshotApiIT: a second streamed table that keeps streaming while items is re-snapshotted.
CREATE TABLE notes (
  id INT PRIMARY KEY,
  body VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
);
INSERT INTO notes (id, body) VALUES (1, 'first');
