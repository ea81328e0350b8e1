package io.mysqlmongosync.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * A shop's tables, generated with MariaDB's sequence engine ({@code seq_1_to_N}, fast INSERT ... SELECT): products
 * (17 columns: DECIMAL, DOUBLE, FLOAT, ENUM, SET, JSON, TEXT, DATE, DATETIME(6), ...), orders and order_items (a
 * composite key). The benchmark (src/bench/java) measures its loads on them and the AOT training run
 * ({@link AotTraining}) trains on them.
 */
public final class ShopData {

    private static final int CHUNK = 100_000;

    private ShopData() {
    }

    /** Creates the three tables in the connection's database: {@code rows} products, rows/10 orders, 3 items each. */
    public static void create(Connection c, long rows, Consumer<String> log) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE products (
                      id BIGINT NOT NULL PRIMARY KEY,
                      sku VARCHAR(40) NOT NULL,
                      name VARCHAR(200) NOT NULL,
                      description TEXT,
                      category_id INT,
                      price DECIMAL(12,2) NOT NULL,
                      cost DECIMAL(14,4),
                      weight DOUBLE,
                      rating FLOAT,
                      is_active TINYINT(1) NOT NULL DEFAULT 1,
                      status ENUM('draft','active','archived') NOT NULL DEFAULT 'active',
                      tags SET('new','sale','eco'),
                      attributes JSON,
                      stock_units INT UNSIGNED,
                      release_date DATE,
                      created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                      updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
                    ) ENGINE=InnoDB""");
            s.execute("""
                    CREATE TABLE orders (
                      id BIGINT NOT NULL PRIMARY KEY,
                      customer_id INT NOT NULL,
                      status ENUM('pending','paid','shipped','cancelled') NOT NULL DEFAULT 'pending',
                      total_amount DECIMAL(12,2) NOT NULL,
                      currency CHAR(3) NOT NULL DEFAULT 'EUR',
                      placed_at DATETIME,
                      created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                      updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                      INDEX idx_orders_updated (updated_at)
                    ) ENGINE=InnoDB""");
            s.execute("""
                    CREATE TABLE order_items (
                      order_id BIGINT NOT NULL,
                      line_no INT NOT NULL,
                      product_id BIGINT NOT NULL,
                      quantity INT NOT NULL,
                      unit_price DECIMAL(12,2) NOT NULL,
                      note VARCHAR(100),
                      updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                      PRIMARY KEY (order_id, line_no),
                      INDEX idx_order_items_updated (updated_at),
                      CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (id)
                    ) ENGINE=InnoDB""");
            for (long from = 1; from <= rows; from += CHUNK) {
                long to = Math.min(rows, from + CHUNK - 1);
                s.execute("""
                        INSERT INTO products (id, sku, name, description, category_id, price, cost, weight, rating,
                          is_active, status, tags, attributes, stock_units, release_date, created_at, updated_at)
                        SELECT seq,
                          CONCAT('SKU-', LPAD(seq, 9, '0')),
                          CONCAT('Product ', seq, ' ', ELT(1 + seq % 6, 'Widget', 'Gadget', 'Gizmo', 'Doohickey',
                                 'Sprocket', 'Thingamajig')),
                          CONCAT('Description of product ', seq, '. ',
                                 REPEAT('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 1 + seq % 4)),
                          1 + seq % 250,
                          ROUND(1 + (seq * 7919 % 99999) / 100, 2),
                          ROUND((seq * 104729 % 9999999) / 10000, 4),
                          (seq % 5000) / 100.0,
                          (seq % 50) / 10.0,
                          seq % 10 <> 0,
                          ELT(1 + seq % 3, 'draft', 'active', 'archived'),
                          ELT(1 + seq % 5, '', 'new', 'sale', 'new,eco', 'new,sale,eco'),
                          JSON_OBJECT('color', ELT(1 + seq % 5, 'red', 'green', 'blue', 'black', 'white'),
                                      'size', seq % 48, 'dims', JSON_ARRAY(seq % 10, seq % 20, seq % 30),
                                      'vendor', CONCAT('v', seq % 997)),
                          seq % 10000,
                          DATE '2015-01-01' + INTERVAL (seq % 3650) DAY,
                          TIMESTAMP '2023-01-01 00:00:00' + INTERVAL (seq * 7919 % 31536000) SECOND,
                          TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 7919 % 31536000) SECOND
                                 + INTERVAL (seq % 1000000) MICROSECOND
                        FROM seq_{A}_to_{B}""".replace("{A}", Long.toString(from)).replace("{B}", Long.toString(to)));
            }
            log.accept("products: " + rows + " rows inserted; adding the updated_at index");
            // The index is built after the load (much faster than maintaining it row by row).
            s.execute("ALTER TABLE products ADD INDEX idx_products_updated (updated_at)");
            long orders = Math.max(1, rows / 10);
            for (long from = 1; from <= orders; from += CHUNK) {
                long to = Math.min(orders, from + CHUNK - 1);
                s.execute("""
                        INSERT INTO orders (id, customer_id, status, total_amount, currency, placed_at, created_at,
                          updated_at)
                        SELECT seq, 1 + seq % 50000, ELT(1 + seq % 4, 'pending', 'paid', 'shipped', 'cancelled'),
                          ROUND((seq * 7919 % 500000) / 100, 2), 'EUR',
                          TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 7919 % 31536000) SECOND,
                          TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 7919 % 31536000) SECOND,
                          TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 7919 % 31536000) SECOND
                                 + INTERVAL (seq % 1000000) MICROSECOND
                        FROM seq_{A}_to_{B}""".replace("{A}", Long.toString(from)).replace("{B}", Long.toString(to)));
                s.execute("""
                        INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, note, updated_at)
                        SELECT o.seq, l.seq, 1 + (o.seq * 31 + l.seq) %% %d, 1 + (o.seq + l.seq) %% 5,
                          ROUND(1 + ((o.seq * 31 + l.seq) * 7919 %% 99999) / 100, 2),
                          IF(l.seq = 2, CONCAT('gift wrap ', o.seq), NULL),
                          TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (o.seq * 7919 %% 31536000) SECOND
                                 + INTERVAL l.seq MICROSECOND
                        FROM seq_%d_to_%d o JOIN seq_1_to_3 l""".formatted(rows, from, to));
            }
            s.execute("ANALYZE TABLE products, orders, order_items");
            log.accept("orders: " + orders + " rows, order_items: " + orders * 3 + " rows");
        }
    }
}
