-- Tables for the capture-mode tests: one without change column (full rescan), one whose nullable change column
-- is NULL on some rows and that has no creation-time column (those rows are re-read whole), one with a change
-- column that is configured to be rescanned anyway.
CREATE TABLE rescan_items (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);
CREATE TABLE null_items (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NULL,
  INDEX idx_null_items_updated (updated_at)
);
CREATE TABLE timed_items (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_timed_items_updated (updated_at)
);
