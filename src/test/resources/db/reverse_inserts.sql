-- New documents created in MongoDB inserted into MySQL (ReverseInsertIT): a column of every type the reverse
-- direction converts, a composite key, an auto-increment key, and a counter of MySQL row inserts and updates kept by
-- triggers.
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
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line_no INT NOT NULL,
  qty INT NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE notes (
  id INT AUTO_INCREMENT PRIMARY KEY,
  body VARCHAR(100) NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
);
CREATE TABLE write_count (id INT PRIMARY KEY, inserts BIGINT NOT NULL, updates BIGINT NOT NULL);
INSERT INTO write_count VALUES (1, 0, 0);
CREATE TRIGGER products_inserts AFTER INSERT ON products FOR EACH ROW UPDATE write_count SET inserts = inserts + 1;
CREATE TRIGGER products_updates AFTER UPDATE ON products FOR EACH ROW UPDATE write_count SET updates = updates + 1;
CREATE TRIGGER order_lines_inserts AFTER INSERT ON order_lines FOR EACH ROW
  UPDATE write_count SET inserts = inserts + 1;
CREATE TRIGGER notes_inserts AFTER INSERT ON notes FOR EACH ROW UPDATE write_count SET inserts = inserts + 1;
