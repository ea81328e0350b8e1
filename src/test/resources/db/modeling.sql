-- Document modeling (mapping file src/test/resources/mapping/modeling.yaml): embedding, renames, rules.
CREATE TABLE categories (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  slug VARCHAR(100) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_categories_updated (updated_at)
);
CREATE TABLE products (
  id BIGINT PRIMARY KEY,
  sku VARCHAR(40) NOT NULL,
  name VARCHAR(200),
  category_id INT,
  price DECIMAL(10,2) NOT NULL,
  cost DECIMAL(10,2) NOT NULL,
  weight_grams INT,
  postal_code VARCHAR(10),
  internal_note VARCHAR(200),
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_products_updated (updated_at)
);
CREATE TABLE orders (
  id BIGINT PRIMARY KEY,
  customer_id INT NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'pending',
  total_amount DECIMAL(12,2) NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_orders_updated (updated_at)
);
CREATE TABLE order_items (
  order_id BIGINT NOT NULL,
  line_no INT NOT NULL,
  sku VARCHAR(40) NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  shipped_on DATE NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (order_id, line_no),
  INDEX idx_order_items_updated (updated_at),
  INDEX idx_order_items_order (order_id)
);
CREATE TABLE customers (
  id INT PRIMARY KEY,
  email VARCHAR(200),
  name VARCHAR(100),
  country CHAR(2),
  age INT,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_customers_updated (updated_at)
);
CREATE TABLE reviews (
  id INT PRIMARY KEY,
  product_id BIGINT NOT NULL,
  rating INT NOT NULL,
  body TEXT,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_reviews_updated (updated_at)
);
