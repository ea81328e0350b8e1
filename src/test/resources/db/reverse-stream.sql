-- The reverse direction with MongoDB change streams: edits and deletes written back. Triggers count MySQL row
-- updates and deletes (one each per statement row), so a test sees every write-back and nothing applied twice.
CREATE TABLE products (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  stock INT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_products_updated (updated_at)
);
CREATE TABLE write_count (id INT PRIMARY KEY, updates BIGINT NOT NULL, deletes BIGINT NOT NULL);
INSERT INTO write_count VALUES (1, 0, 0);
CREATE TRIGGER products_updates AFTER UPDATE ON products FOR EACH ROW UPDATE write_count SET updates = updates + 1;
CREATE TRIGGER products_deletes AFTER DELETE ON products FOR EACH ROW UPDATE write_count SET deletes = deletes + 1;
