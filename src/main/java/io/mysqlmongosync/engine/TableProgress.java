package io.mysqlmongosync.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress of one table in the current run, read by the status API and the progress log.
 * Written by the threads syncing the table (one, or one per key range of a split load); read from others.
 */
public final class TableProgress {

    private final String table;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile long estimatedTotal;
    private volatile String mode;
    private volatile int partitions = 1;

    TableProgress(String table, String mode, long estimatedTotal) {
        this.table = table;
        this.mode = mode;
        this.estimatedTotal = estimatedTotal;
    }

    void advance(long rows) {
        done.addAndGet(rows);
        if (done.get() > estimatedTotal) {
            estimatedTotal = done.get();
        }
    }

    void mode(String value) {
        this.mode = value;
    }

    void partitions(int value) {
        this.partitions = value;
    }

    /** Key ranges the current load is split into (1 when it is not split). */
    public int partitions() {
        return partitions;
    }

    /** Table name. */
    public String table() {
        return table;
    }

    /** {@code initial}, {@code incremental} or {@code full}. */
    public String mode() {
        return mode;
    }

    /** Rows read so far. */
    public long done() {
        return done.get();
    }

    /** Estimated rows in total (the table's row estimate during a load, never less than {@link #done()}). */
    public long estimatedTotal() {
        return estimatedTotal;
    }

    /** Rows per second so far. */
    public double rowsPerSecond() {
        double s = (System.nanoTime() - startedNanos) / 1e9;
        return s <= 0 ? 0 : done.get() / s;
    }

    /** Fraction done, 0..1. */
    public double fraction() {
        long total = estimatedTotal;
        return total <= 0 ? 0 : Math.min(1.0, (double) done.get() / total);
    }

    /** Estimated seconds left, or -1 when unknown. */
    public long etaSeconds() {
        double rate = rowsPerSecond();
        long left = estimatedTotal - done.get();
        return rate <= 0 ? -1 : Math.max(0, Math.round(left / rate));
    }
}
