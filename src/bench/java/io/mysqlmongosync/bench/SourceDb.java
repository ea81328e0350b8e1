package io.mysqlmongosync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's MariaDB/MySQL source: connection settings (TEST_MYSQL_URL / TEST_MYSQL_USER /
 * TEST_MYSQL_PASSWORD, default 127.0.0.1:3306 as root without password) and the data generator for database
 * {@code mms_bench}, which uses MariaDB's sequence engine ({@code seq_1_to_N}) for fast INSERT ... SELECT.
 */
final class SourceDb {

    static final String DATABASE = "mms_bench";
    private static final int CHUNK = 100_000;

    private SourceDb() {
    }

    static String serverUrl() {
        String url = System.getenv("TEST_MYSQL_URL");
        return url == null || url.isBlank() ? "jdbc:mysql://127.0.0.1:3306" : url.replaceAll("/+$", "");
    }

    static String user() {
        String u = System.getenv("TEST_MYSQL_USER");
        return u == null || u.isBlank() ? "root" : u;
    }

    static String password() {
        String p = System.getenv("TEST_MYSQL_PASSWORD");
        return p == null ? "" : p;
    }

    /** host and port of {@link #serverUrl()}, for the service's MYSQL_HOST / MYSQL_PORT. */
    static String[] hostPort() {
        String rest = serverUrl().replaceFirst("^jdbc:[a-z]+://", "");
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int colon = rest.lastIndexOf(':');
        return colon < 0 ? new String[] {rest, "3306"} : new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
    }

    /** A connection to {@code database} (or the server when null), session in UTC as the service has it. */
    static Connection connect(String database) throws SQLException {
        String url = serverUrl() + "/" + (database == null ? "" : database)
                + "?connectionCollation=utf8mb4_bin&tinyInt1isBit=false&yearIsDateType=false";
        Connection c = DriverManager.getConnection(url, user(), password());
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    /** Column list of the products table in ordinal order, back-quoted as KeysetQuery writes it. */
    static String productColumns(Connection c) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COLUMN_NAME FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + DATABASE + "' AND TABLE_NAME = 'products' "
                + "ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                cols.add('`' + rs.getString(1) + '`');
            }
        }
        return String.join(", ", cols);
    }

    /** Drops and re-creates mms_bench with {@code rows} products, rows/10 orders and 3 items per order. */
    static void generate(long rows, java.util.function.Consumer<String> log) throws SQLException {
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
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

    /** Rows of an EXPLAIN (or any query) as text lines, one per row, {@code col=value} pairs. */
    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
