-- A demo-like e-commerce schema that uses every MySQL type of DESIGN.md section 3.
CREATE TABLE categories (
  id INT PRIMARY KEY AUTO_INCREMENT,
  name VARCHAR(100) NOT NULL,
  slug VARCHAR(100),
  parent_id INT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_categories_updated (updated_at)
);
CREATE TABLE products (
  id BIGINT PRIMARY KEY AUTO_INCREMENT,
  sku VARCHAR(40) NOT NULL,
  name VARCHAR(200) NOT NULL,
  description TEXT,
  category_id INT,
  price DECIMAL(12,2) NOT NULL,
  cost DECIMAL(65,30),
  weight FLOAT,
  rating DOUBLE,
  is_active TINYINT(1) NOT NULL DEFAULT 1,
  small_count TINYINT UNSIGNED,
  stock_flags BIT(8),
  is_featured BIT(1),
  status ENUM('draft','active','archived') NOT NULL DEFAULT 'active',
  tags SET('new','sale','eco'),
  attributes JSON,
  image BLOB,
  checksum BINARY(4),
  release_date DATE,
  release_year YEAR,
  available_from TIME(6),
  location POINT,
  views BIGINT UNSIGNED,
  stock_units INT UNSIGNED,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_products_updated (updated_at)
);
CREATE TABLE customers (
  id INT PRIMARY KEY AUTO_INCREMENT,
  email VARCHAR(200) NOT NULL,
  name VARCHAR(200),
  phone VARCHAR(40),
  birth_date DATE,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NULL DEFAULT NULL,
  INDEX idx_customers_updated (updated_at),
  INDEX idx_customers_created (created_at)
);
CREATE TABLE orders (
  id BIGINT PRIMARY KEY AUTO_INCREMENT,
  customer_id INT NULL,
  status ENUM('pending','paid','shipped','cancelled') NOT NULL DEFAULT 'pending',
  total_amount DECIMAL(12,2) NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  placed_at DATETIME,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX idx_orders_updated (updated_at)
);
CREATE TABLE order_items (
  order_id BIGINT NOT NULL,
  line_no INT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(12,2) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (order_id, line_no),
  INDEX idx_order_items_updated (updated_at)
);
CREATE TABLE inventory (
  product_id BIGINT NOT NULL,
  warehouse VARCHAR(20) NOT NULL,
  quantity INT NOT NULL,
  reserved INT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (product_id, warehouse),
  INDEX idx_inventory_updated (updated_at)
);
