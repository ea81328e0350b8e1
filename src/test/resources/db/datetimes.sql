-- DATETIME columns of each precision, a TIMESTAMP and a nullable DATETIME, for the date-time read path.
CREATE TABLE events (
  id INT PRIMARY KEY,
  happened DATETIME NULL,
  logged DATETIME(3) NULL,
  stamped TIMESTAMP(6) NULL DEFAULT NULL,
  updated_at DATETIME(6) NOT NULL,
  INDEX idx_events_updated (updated_at)
);
-- A change column of millisecond precision (version taken from the BSON date).
CREATE TABLE ticks (
  id INT PRIMARY KEY,
  updated_at DATETIME(3) NOT NULL,
  INDEX idx_ticks_updated (updated_at)
);
