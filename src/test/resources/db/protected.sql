-- Customers with personal data, for the field-protection and secret tests.
CREATE TABLE customers (
  id INT PRIMARY KEY AUTO_INCREMENT,
  email VARCHAR(200) NOT NULL,
  name VARCHAR(200),
  phone VARCHAR(40),
  ssn CHAR(11),
  notes TEXT,
  birth_date DATE,
  last_login DATETIME(6),
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NULL DEFAULT NULL,
  INDEX idx_customers_updated (updated_at)
);
