-- Tables for the split initial load: integer keys (split), a composite key (split on order_id), a VARCHAR key
-- (never split), and small tables below the split threshold.
CREATE TABLE products (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_products_updated (updated_at)
);
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line_no INT NOT NULL,
  qty INT NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (order_id, line_no),
  INDEX idx_lines_updated (updated_at)
);
CREATE TABLE codes (
  code VARCHAR(20) PRIMARY KEY,
  label VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_codes_updated (updated_at)
);
CREATE TABLE small (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_small_updated (updated_at)
);
CREATE TABLE big (
  id BIGINT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_big_updated (updated_at)
);
CREATE TABLE legacy (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_legacy_updated (updated_at)
);
CREATE TABLE fresh (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_fresh_updated (updated_at)
);
