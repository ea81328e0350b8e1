package io.mysqlmongosync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes a steady rate of changes into {@code mms_bench.products}, as an application would: transactions of
 * {@code txChanges} changes (round robin: update, insert, update, delete, ... so half are updates and the table
 * keeps its size), started on a fixed schedule (transaction k at {@code k × txChanges / rate} seconds) by
 * {@code threads} connections. A transaction that is due while the connections are busy starts late; the
 * achieved rate says whether the source kept up. Inserts take new ids above the generated rows, deletes remove
 * the lowest ids, updates hit random live rows; row 0 is left to {@link LagProbe}.
 */
final class ChangeWriter {

    private static final String INSERT = "INSERT INTO products (id, sku, name, description, category_id, price, cost,"
            + " weight, rating, status, tags, attributes, stock_units, release_date) VALUES (?, ?, ?, 'written by the"
            + " CDC benchmark', 7, 19.99, 4.5, 1.25, 3.5, 'active', 'new', '{\"color\": \"red\"}', 10, '2025-01-01')";
    private static final String UPDATE = "UPDATE products SET price = price + 0.01, stock_units = ?, name = ? WHERE id = ?";
    private static final String DELETE = "DELETE FROM products WHERE id = ?";

    private final AtomicLong low;
    private final AtomicLong high;
    private final int threads;
    private final int txChanges;

    /** Counts of one step. */
    record Result(double seconds, long inserts, long updates, long deletes, long transactions, long failures) {

        long changes() {
            return inserts + updates + deletes;
        }

        double rate() {
            return seconds > 0 ? changes() / seconds : 0;
        }
    }

    /** Writes to products with ids {@code 1..rows} live; {@code threads} connections, {@code txChanges} per commit. */
    ChangeWriter(long rows, int threads, int txChanges) {
        this.low = new AtomicLong(0);
        this.high = new AtomicLong(rows);
        this.threads = threads;
        this.txChanges = txChanges;
    }

    /** Writes {@code rate} changes per second for {@code seconds}; returns what was written. */
    Result run(int rate, int seconds) throws Exception {
        return schedule(threads, txChanges, rate, seconds, this::transaction);
    }

    /** The changes of the k-th transaction of a schedule on {@code c}: {inserts, updates, deletes}; not committed. */
    @FunctionalInterface
    interface Transaction {
        int[] changes(Connection c, long k) throws SQLException;
    }

    /**
     * Runs transaction k at {@code k × txChanges / rate} seconds on {@code threads} connections for {@code seconds};
     * a transaction due while the connections are busy starts late. Counts: inserts, updates, deletes, transactions,
     * failed transactions.
     */
    static Result schedule(int threads, int txChanges, int rate, int seconds, Transaction tx) throws Exception {
        AtomicLong tickets = new AtomicLong();
        LongAdder[] counts = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        double nanosPerTx = 1e9 * txChanges / rate;
        List<Thread> workers = new ArrayList<>();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = SourceDb.connect(SourceDb.DATABASE)) {
                    c.setAutoCommit(false);
                    while (true) {
                        long k = tickets.getAndIncrement();
                        long due = start + (long) (k * nanosPerTx);
                        if (due >= end) {
                            return;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        try {
                            int[] done = tx.changes(c, k);
                            c.commit();
                            counts[0].add(done[0]);
                            counts[1].add(done[1]);
                            counts[2].add(done[2]);
                            counts[3].increment();
                        } catch (SQLException e) {
                            c.rollback(); // a lock wait or deadlock between two writers: counted, the schedule goes on
                            counts[4].increment();
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            }, "bench-writer-" + i);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        double took = (System.nanoTime() - start) / 1e9;
        return new Result(took, counts[0].sum(), counts[1].sum(), counts[2].sum(), counts[3].sum(), counts[4].sum());
    }

    private int[] transaction(Connection c, long k) throws SQLException {
        int[] done = new int[3];
        try (PreparedStatement ins = c.prepareStatement(INSERT); PreparedStatement upd = c.prepareStatement(UPDATE);
                PreparedStatement del = c.prepareStatement(DELETE)) {
            for (int i = 0; i < txChanges; i++) {
                switch ((int) ((k * txChanges + i) % 4)) {
                    case 1 -> {
                        long id = high.incrementAndGet();
                        ins.setLong(1, id);
                        ins.setString(2, "CDC-" + id);
                        ins.setString(3, "Inserted " + id);
                        ins.executeUpdate();
                        done[0]++;
                    }
                    case 3 -> {
                        del.setLong(1, low.incrementAndGet());
                        del.executeUpdate();
                        done[2]++;
                    }
                    default -> {
                        long lo = low.get() + 1;
                        long id = lo + ThreadLocalRandom.current().nextLong(Math.max(1, high.get() - lo));
                        upd.setInt(1, ThreadLocalRandom.current().nextInt(10_000));
                        upd.setString(2, "Updated " + k);
                        upd.setLong(3, id);
                        upd.executeUpdate();
                        done[1]++;
                    }
                }
            }
        }
        return done;
    }
}
