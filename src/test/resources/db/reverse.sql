-- The reverse direction (edits made in MongoDB written back to MySQL): a column of every type the write-back
-- converts, and a counter of MySQL row writes kept by a trigger (one per UPDATE of a row).
CREATE TABLE products (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  stock INT NOT NULL DEFAULT 0,
  active TINYINT(1) NOT NULL DEFAULT 1,
  tags SET('new','sale','eco') NOT NULL DEFAULT '',
  attrs JSON NULL,
  photo BLOB NULL,
  location POINT NULL,
  available_at DATETIME(6) NULL,
  released DATE NULL,
  secret VARCHAR(100) NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_products_updated (updated_at)
);
CREATE TABLE write_count (id INT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO write_count VALUES (1, 0);
CREATE TRIGGER products_writes AFTER UPDATE ON products FOR EACH ROW UPDATE write_count SET n = n + 1;
