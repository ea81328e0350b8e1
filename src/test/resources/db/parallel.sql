-- Three small tables with single-column keys, for the parallel-tables tests.
CREATE TABLE alpha (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_alpha_updated (updated_at)
);
CREATE TABLE beta (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_beta_updated (updated_at)
);
CREATE TABLE gamma (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_gamma_updated (updated_at)
);
