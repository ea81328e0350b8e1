package io.mysqlmongosync.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's e-commerce schema. It uses what real shops use and what the service must map: DECIMAL money, JSON
 * attributes, ENUM states, DATETIME(6) {@code created_at}/{@code updated_at} (the change column, maintained by
 * MariaDB with ON UPDATE and indexed, as the change-column rule asks (docs/HOW-IT-WORKS.md)), composite primary keys (order_items,
 * inventory) and foreign keys, and a soft-delete column (customers.deleted_at, which SYNC_SOFT_DELETE_COLUMNS picks
 * up by default). Column names match what the mapping file's rules validate (products.name/price/cost,
 * orders.customer_id/total_amount, customers.email, inventory.product_id/quantity, categories.name).
 */
public final class DemoSchema {

    /** The tables, in an order that respects the foreign keys. */
    public static final String[] TABLES = {"categories", "products", "customers", "orders", "order_items", "inventory"};

    private static final String TIMESTAMPS = """
              created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
              updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
            """;

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS categories (
          id INT AUTO_INCREMENT PRIMARY KEY,
          name VARCHAR(100) NOT NULL,
          slug VARCHAR(120) NOT NULL,
          parent_id INT NULL,
          description VARCHAR(500),
        """ + TIMESTAMPS + """
          UNIQUE KEY uk_categories_slug (slug),
          KEY idx_categories_updated_at (updated_at),
          CONSTRAINT fk_categories_parent FOREIGN KEY (parent_id) REFERENCES categories (id)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE IF NOT EXISTS products (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          sku VARCHAR(32) NOT NULL,
          name VARCHAR(200) NOT NULL,
          description TEXT,
          category_id INT NOT NULL,
          price DECIMAL(10,2) NOT NULL,
          cost DECIMAL(10,2) NOT NULL,
          currency CHAR(3) NOT NULL DEFAULT 'EUR',
          status ENUM('draft','active','discontinued') NOT NULL DEFAULT 'active',
          attributes JSON,
        """ + TIMESTAMPS + """
          UNIQUE KEY uk_products_sku (sku),
          KEY idx_products_category (category_id),
          KEY idx_products_updated_at (updated_at),
          CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (id)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE IF NOT EXISTS customers (
          id INT AUTO_INCREMENT PRIMARY KEY,
          email VARCHAR(255) NOT NULL,
          first_name VARCHAR(80) NOT NULL,
          last_name VARCHAR(80) NOT NULL,
          phone VARCHAR(32),
          country CHAR(2) NOT NULL,
          status ENUM('active','inactive','blocked') NOT NULL DEFAULT 'active',
          marketing_opt_in TINYINT(1) NOT NULL DEFAULT 0,
          preferences JSON,
          deleted_at DATETIME(6) NULL,
        """ + TIMESTAMPS + """
          UNIQUE KEY uk_customers_email (email),
          KEY idx_customers_updated_at (updated_at)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE IF NOT EXISTS orders (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          customer_id INT NOT NULL,
          status ENUM('pending','paid','shipped','delivered','cancelled') NOT NULL DEFAULT 'pending',
          total_amount DECIMAL(12,2) NOT NULL DEFAULT 0,
          currency CHAR(3) NOT NULL DEFAULT 'EUR',
          shipping_address JSON,
          placed_at DATETIME(6) NOT NULL,
        """ + TIMESTAMPS + """
          KEY idx_orders_customer (customer_id),
          KEY idx_orders_updated_at (updated_at),
          CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE IF NOT EXISTS order_items (
          order_id BIGINT NOT NULL,
          line_no SMALLINT NOT NULL,
          product_id BIGINT NOT NULL,
          quantity INT NOT NULL,
          unit_price DECIMAL(10,2) NOT NULL,
          discount DECIMAL(10,2) NOT NULL DEFAULT 0,
        """ + TIMESTAMPS + """
          PRIMARY KEY (order_id, line_no),
          KEY idx_order_items_product (product_id),
          KEY idx_order_items_updated_at (updated_at),
          CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (id),
          CONSTRAINT fk_order_items_product FOREIGN KEY (product_id) REFERENCES products (id)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE IF NOT EXISTS inventory (
          product_id BIGINT NOT NULL,
          warehouse VARCHAR(16) NOT NULL,
          quantity INT NOT NULL,
          reserved INT NOT NULL DEFAULT 0,
          reorder_level INT NOT NULL DEFAULT 10,
        """ + TIMESTAMPS + """
          PRIMARY KEY (product_id, warehouse),
          KEY idx_inventory_updated_at (updated_at),
          CONSTRAINT fk_inventory_product FOREIGN KEY (product_id) REFERENCES products (id)
        ) ENGINE=InnoDB
        """,
    };

    private DemoSchema() {
    }

    /** Creates the tables that do not exist yet. */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
    }
}
