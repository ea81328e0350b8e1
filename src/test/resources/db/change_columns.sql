-- A nullable change column (rows inserted with updated_at NULL) and a table with no change column at all.
CREATE TABLE customers (
  id INT PRIMARY KEY,
  email VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NULL DEFAULT NULL,
  INDEX idx_customers_updated (updated_at),
  INDEX idx_customers_created (created_at)
);
CREATE TABLE currencies (
  code CHAR(3) PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  rate DECIMAL(12,6) NOT NULL
);
