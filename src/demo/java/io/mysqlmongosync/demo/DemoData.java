package io.mysqlmongosync.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills the demo schema with a generated, repeatable data set of about {@code DEMO_ROWS} rows. Each table is
 * written by one {@code INSERT ... SELECT} over MariaDB's sequence tables ({@code seq_1_to_N}), with values
 * derived from CRC32 of the row number: fast (no row-by-row round trips) and the same on every machine.
 * Timestamps lie in the past year, so the initial load has a year of history and the writer's changes are newer.
 */
public final class DemoData {

    /** A spread-out pseudo-random number 0..n-1 for row {@code seq} and a salt. */
    private static String pick(String salt, String seq, long n) {
        return "(CRC32(CONCAT('" + salt + "', " + seq + ")) % " + n + ")";
    }

    /** A moment in the past year, different per row and salt. */
    private static String past(String salt, String seq) {
        return "(NOW(6) - INTERVAL (" + pick(salt, seq, 31_536_000) + " + 3600) SECOND)";
    }

    private DemoData() {
    }

    /**
     * Seeds the tables unless products already has rows (a restart keeps the data), then returns the row count
     * of every table.
     */
    public static Map<String, Long> seedIfEmpty(Connection c, int rows) throws SQLException {
        if (counts(c).get("products") > 0) {
            DemoMain.say("Demo data already present in MariaDB (DEMO_RESET=true starts over)");
            return counts(c);
        }
        // Shares of the total: 6% products (×3 warehouses of inventory), 12% customers, 16% orders with ~3 lines.
        long categories = Math.max(12, Math.min(200, rows / 1000));
        long products = Math.max(20, rows * 6L / 100);
        long customers = Math.max(20, rows * 12L / 100);
        long orders = Math.max(20, rows * 16L / 100);
        DemoMain.say("Generating about " + String.format("%,d", rows) + " rows (DEMO_ROWS)...");
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            s.executeUpdate("INSERT INTO categories (id, name, slug, parent_id, description, created_at, updated_at) "
                    + "SELECT seq, CONCAT(ELT(1 + seq % 12, 'Electronics', 'Books', 'Garden', 'Toys', 'Kitchen', 'Sports',"
                    + " 'Fashion', 'Beauty', 'Office', 'Pets', 'Music', 'Outdoor'), IF(seq > 12, CONCAT(' / ', ELT(1 + (seq DIV 12) % 8,"
                    + " 'Basics', 'Premium', 'Accessories', 'Deals', 'Classics', 'Essentials', 'Pro', 'Kids')), '')),"
                    + " CONCAT('category-', seq), IF(seq > 12, 1 + seq % 12, NULL), CONCAT('Demo category ', seq), "
                    + past("cc", "seq") + ", " + past("cc", "seq") + " + INTERVAL 1 HOUR"
                    + " FROM seq_1_to_" + categories);
            String price = "(4.99 + " + pick("pp", "seq", 50_000) + " / 100)";
            s.executeUpdate("INSERT INTO products (id, sku, name, description, category_id, price, cost, status, attributes,"
                    + " created_at, updated_at) SELECT seq, CONCAT('SKU-', LPAD(seq, 7, '0')),"
                    + " CONCAT(ELT(1 + " + pick("pa", "seq", 10) + ", 'Classic', 'Smart', 'Eco', 'Ultra', 'Compact', 'Deluxe',"
                    + " 'Wireless', 'Vintage', 'Portable', 'Organic'), ' ', ELT(1 + " + pick("pn", "seq", 12) + ", 'Lamp',"
                    + " 'Headphones', 'Backpack', 'Kettle', 'Notebook', 'Sneakers', 'Blender', 'Chair', 'Watch', 'Speaker',"
                    + " 'Jacket', 'Mug'), ' ', seq), CONCAT('Generated demo product number ', seq, '.'),"
                    + " 1 + " + pick("pc", "seq", categories) + ", ROUND(" + price + ", 2),"
                    + " ROUND(" + price + " * (0.55 + (seq % 20) / 100), 2),"
                    + " CASE WHEN seq % 50 = 0 THEN 'discontinued' WHEN seq % 37 = 0 THEN 'draft' ELSE 'active' END,"
                    + " JSON_OBJECT('color', ELT(1 + seq % 6, 'black', 'white', 'red', 'blue', 'green', 'silver'),"
                    + " 'weight_kg', ROUND(0.1 + " + pick("pw", "seq", 5000) + " / 1000, 3),"
                    + " 'tags', JSON_ARRAY(ELT(1 + seq % 4, 'new', 'bestseller', 'sale', 'eco')),"
                    + " 'dimensions_cm', JSON_OBJECT('w', 10 + seq % 50, 'h', 5 + seq % 30, 'd', 2 + seq % 20)), "
                    + past("pt", "seq") + ", " + past("pt", "seq") + " + INTERVAL " + pick("pu", "seq", 86_400) + " SECOND"
                    + " FROM seq_1_to_" + products);
            String first = "ELT(1 + " + pick("cf", "seq", 12) + ", 'Anna', 'Ben', 'Chloe', 'David', 'Elena', 'Felix',"
                    + " 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Liam')";
            String last = "ELT(1 + " + pick("cl", "seq", 12) + ", 'Schmidt', 'Martin', 'Smith', 'Garcia', 'Rossi', 'Jansen',"
                    + " 'Berg', 'Novak', 'Dubois', 'Meyer', 'Brown', 'Lopez')";
            s.executeUpdate("INSERT INTO customers (id, email, first_name, last_name, phone, country, status,"
                    + " marketing_opt_in, preferences, created_at, updated_at) SELECT seq,"
                    + " LOWER(CONCAT(" + first + ", '.', " + last + ", '.', seq, '@example.com')), " + first + ", " + last + ","
                    + " CONCAT('+49 30 ', LPAD(" + pick("cp", "seq", 10_000_000) + ", 7, '0')),"
                    + " ELT(1 + seq % 8, 'DE', 'FR', 'US', 'GB', 'ES', 'IT', 'NL', 'SE'),"
                    + " CASE WHEN seq % 40 = 0 THEN 'blocked' WHEN seq % 15 = 0 THEN 'inactive' ELSE 'active' END,"
                    + " seq % 3 = 0, JSON_OBJECT('language', ELT(1 + seq % 4, 'de', 'fr', 'en', 'es'),"
                    + " 'newsletter', JSON_EXTRACT(IF(seq % 3 = 0, 'true', 'false'), '$'), 'loyalty_points', seq % 1000), "
                    + past("ct", "seq") + ", " + past("ct", "seq") + " + INTERVAL " + pick("cu", "seq", 86_400) + " SECOND"
                    + " FROM seq_1_to_" + customers);
            String placed = past("ot", "seq");
            s.executeUpdate("INSERT INTO orders (id, customer_id, status, currency, shipping_address, placed_at, created_at,"
                    + " updated_at) SELECT seq, 1 + " + pick("oc", "seq", customers) + ","
                    + " ELT(1 + " + pick("os", "seq", 10) + ", 'cancelled', 'pending', 'paid', 'shipped', 'shipped',"
                    + " 'delivered', 'delivered', 'delivered', 'delivered', 'delivered'), 'EUR',"
                    + " JSON_OBJECT('street', CONCAT(1 + seq % 200, ' ', ELT(1 + seq % 5, 'Main Street', 'Rue de la Paix',"
                    + " 'Hauptstrasse', 'Calle Mayor', 'Via Roma')), 'city', ELT(1 + seq % 5, 'Springfield', 'Paris', 'Berlin',"
                    + " 'Madrid', 'Rome'), 'zip', LPAD(seq % 99999, 5, '0')), "
                    + placed + ", " + placed + ", LEAST(NOW(6), " + placed + " + INTERVAL " + pick("ou", "seq", 259_200) + " SECOND)"
                    + " FROM seq_1_to_" + orders);
            s.executeUpdate("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, discount,"
                    + " created_at, updated_at) SELECT o.id, l.seq, p.id, 1 + " + pick("iq", "o.id, '-', l.seq", 4) + ", p.price,"
                    + " IF(" + pick("id", "o.id, '-', l.seq", 10) + " = 0, ROUND(p.price * 0.1, 2), 0), o.created_at, o.created_at"
                    + " FROM orders o JOIN seq_1_to_5 l ON l.seq <= 1 + " + pick("il", "o.id", 5)
                    + " JOIN products p ON p.id = 1 + " + pick("ip", "o.id, '-', l.seq", products));
            // Totals from the lines; setting updated_at to itself keeps ON UPDATE from stamping "now".
            s.executeUpdate("UPDATE orders o JOIN (SELECT order_id, SUM(quantity * unit_price - discount) AS total"
                    + " FROM order_items GROUP BY order_id) t ON t.order_id = o.id"
                    + " SET o.total_amount = t.total, o.updated_at = o.updated_at");
            s.executeUpdate("INSERT INTO inventory (product_id, warehouse, quantity, reserved, reorder_level, created_at,"
                    + " updated_at) SELECT p.id, w.code, " + pick("vq", "p.id, w.code", 500) + ","
                    + " LEAST(" + pick("vq", "p.id, w.code", 500) + ", " + pick("vr", "p.id, w.code", 20) + "), 10 + p.id % 40, p.created_at, p.updated_at"
                    + " FROM products p JOIN (SELECT 'BER-1' AS code UNION ALL SELECT 'NYC-2' UNION ALL SELECT 'SIN-3') w");
        }
        Map<String, Long> counts = counts(c);
        DemoMain.say(String.format("Seeded %,d rows in %.1f s: %s", counts.values().stream().mapToLong(Long::longValue).sum(),
                (System.nanoTime() - started) / 1e9, counts));
        return counts;
    }

    /** Row count of every demo table, in {@link DemoSchema#TABLES} order. */
    public static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : DemoSchema.TABLES) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    r.next();
                    counts.put(table, r.getLong(1));
                }
            }
        }
        return counts;
    }
}
