package io.mysqlmongosync.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plays the shop's application: every few seconds ({@code DEMO_WRITER_SECONDS}) one transaction places an order
 * with lines, changes prices and stock, moves orders along their life cycle, sometimes signs up a customer, closes
 * one (soft delete) or removes an order line (hard delete). So every incremental run has new, changed and deleted
 * rows to sync.
 * It works on its own JDBC connection, like any other client of the database would.
 */
public final class DemoWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoWriter.class);
    private static final String[] WAREHOUSES = {"BER-1", "NYC-2", "SIN-3"};

    private final DemoSettings settings;
    private final Random random = new Random();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-writer");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;
    private long rounds;
    private long orders;
    private long prices;
    private long stock;
    private long statuses;
    private long customers;
    private long deletedLines;
    private long softDeletedCustomers;

    private DemoWriter(DemoSettings settings) {
        this.settings = settings;
    }

    /** Starts writing every {@code DEMO_WRITER_SECONDS} seconds; returns null when that is 0 (writer off). */
    public static DemoWriter start(DemoSettings settings) {
        if (settings.writerSeconds() == 0) {
            return null;
        }
        DemoWriter writer = new DemoWriter(settings);
        writer.executor.scheduleWithFixedDelay(writer::safeRound, settings.writerSeconds(), settings.writerSeconds(),
                TimeUnit.SECONDS);
        return writer;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            // Let an interrupted round finish its rollback before the connection goes away under it.
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    private void safeRound() {
        try {
            round();
        } catch (Exception e) {
            // A failed round (e.g. the database is shutting down) is retried on a fresh connection next time.
            LOG.warnf("Demo writer round failed, trying again in %d s: %s", settings.writerSeconds(), e.getMessage());
            closeConnection();
        }
    }

    private void round() throws SQLException {
        if (connection == null) {
            connection = settings.connect();
            connection.setAutoCommit(false);
        }
        Connection c = connection;
        try {
            long maxProduct = maxId(c, "products");
            long maxCustomer = maxId(c, "customers");
            placeOrder(c, 1 + random.nextLong(maxCustomer), maxProduct);
            for (int i = 0; i < 2; i++) {
                prices += update(c, "UPDATE products SET price = GREATEST(0.99, ROUND(price * ?, 2)) WHERE id = ?",
                        0.9 + random.nextDouble() * 0.2, 1 + random.nextLong(maxProduct));
            }
            for (int i = 0; i < 3; i++) {
                stock += update(c, "UPDATE inventory SET quantity = GREATEST(0, quantity + ?) WHERE product_id = ? AND warehouse = ?",
                        random.nextInt(71) - 20, 1 + random.nextLong(maxProduct), WAREHOUSES[random.nextInt(WAREHOUSES.length)]);
            }
            statuses += update(c, "UPDATE orders SET status = CASE status WHEN 'pending' THEN 'paid' WHEN 'paid' THEN"
                    + " 'shipped' ELSE 'delivered' END WHERE id >= ? AND status IN ('pending', 'paid', 'shipped') ORDER BY id LIMIT 2",
                    1 + random.nextLong(maxId(c, "orders")));
            if (rounds % 8 == 7) {
                statuses += update(c, "UPDATE orders SET status = 'cancelled' WHERE status = 'pending' ORDER BY id DESC LIMIT 1");
            }
            if (rounds % 6 == 0) {
                customers += update(c, "INSERT INTO customers (email, first_name, last_name, country, preferences)"
                        + " VALUES (CONCAT('new.customer.', UUID_SHORT(), '@example.com'), 'New', 'Customer', 'DE',"
                        + " JSON_OBJECT('language', 'en', 'newsletter', true))");
            }
            if (rounds % 10 == 9) {
                removeLastLineOfAPendingOrder(c); // a hard delete: found by the PK reconciliation
            }
            if (rounds % 12 == 11) {
                // A soft delete (account closed): the sync removes the customer's document.
                softDeletedCustomers += update(c, "UPDATE customers SET deleted_at = NOW(6), status = 'inactive'"
                        + " WHERE id = ? AND deleted_at IS NULL", 1 + random.nextLong(maxCustomer));
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        rounds++;
        if (rounds % Math.max(1, 60 / settings.writerSeconds()) == 0) {
            LOG.infof("Demo writer so far: %d orders placed, %d price and %d stock changes, %d order status changes,"
                    + " %d customers signed up, %d closed (soft delete), %d order lines deleted", orders, prices, stock,
                    statuses, customers, softDeletedCustomers, deletedLines);
        }
    }

    private void placeOrder(Connection c, long customerId, long maxProduct) throws SQLException {
        long orderId;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO orders (customer_id, status, shipping_address, placed_at)"
                + " VALUES (?, 'pending', JSON_OBJECT('street', '1 Demo Lane', 'city', 'Berlin', 'zip', '10115'), NOW(6))",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, customerId);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                orderId = keys.getLong(1);
            }
        }
        int lines = 1 + random.nextInt(4);
        for (int line = 1; line <= lines; line++) {
            update(c, "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price)"
                    + " SELECT ?, ?, id, ?, price FROM products WHERE id = ?",
                    orderId, line, 1 + random.nextInt(3), 1 + random.nextLong(maxProduct));
        }
        recomputeTotal(c, orderId);
        orders++;
    }

    private void removeLastLineOfAPendingOrder(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT i.order_id, MAX(i.line_no) FROM order_items i JOIN orders o"
                        + " ON o.id = i.order_id WHERE o.status = 'pending' GROUP BY i.order_id HAVING COUNT(*) > 1"
                        + " ORDER BY i.order_id DESC LIMIT 1")) {
            if (r.next()) {
                long orderId = r.getLong(1);
                deletedLines += update(c, "DELETE FROM order_items WHERE order_id = ? AND line_no = ?", orderId, r.getInt(2));
                recomputeTotal(c, orderId);
            }
        }
    }

    private static void recomputeTotal(Connection c, long orderId) throws SQLException {
        update(c, "UPDATE orders SET total_amount = (SELECT COALESCE(SUM(quantity * unit_price - discount), 0)"
                + " FROM order_items WHERE order_id = ?) WHERE id = ?", orderId, orderId);
    }

    private static long maxId(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 1) FROM " + table)) {
            r.next();
            return Math.max(1, r.getLong(1));
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken; nothing to do
            }
            connection = null;
        }
    }
}
