-- Keys reconciliation must look up: a composite (INT, VARBINARY) key, a BINARY(16) id, a key of dates, bits, a SET
-- and a double; and a FLOAT key, which cannot be looked up exactly (named in /sync/status instead).
CREATE TABLE attachments (
  owner_id INT NOT NULL,
  digest VARBINARY(32) NOT NULL,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (owner_id, digest),
  INDEX idx_attachments_updated (updated_at)
);
CREATE TABLE sessions (
  id BINARY(16) PRIMARY KEY,
  user_name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_sessions_updated (updated_at)
);
CREATE TABLE readings (
  day DATE NOT NULL,
  taken_at DATETIME(6) NOT NULL,
  sensor BIT(8) NOT NULL,
  tags SET('hot','cold','wet') NOT NULL,
  ratio DOUBLE NOT NULL,
  reading INT NOT NULL,
  PRIMARY KEY (day, taken_at, sensor, tags, ratio)
);
CREATE TABLE gauges (
  level FLOAT PRIMARY KEY,
  label VARCHAR(20) NOT NULL
);
