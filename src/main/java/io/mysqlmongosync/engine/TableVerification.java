package io.mysqlmongosync.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Result of comparing one table with its collection. Mutable while the check runs; read by the API.
 */
public final class TableVerification {

    private static final int SAMPLES = 10;

    private final String table;
    private volatile long matching;
    private volatile long missing;
    private volatile long extra;
    private volatile long different;
    private volatile long skipped;
    private volatile long repaired;
    private volatile String status = "running";
    private volatile String error;
    private final List<Object> missingKeys = new ArrayList<>();
    private final List<Object> extraKeys = new ArrayList<>();
    private final List<Object> differentKeys = new ArrayList<>();

    TableVerification(String table) {
        this.table = table;
    }

    synchronized void matching(long n) {
        matching += n;
    }

    synchronized void missing(Object id) {
        missing++;
        sample(missingKeys, id);
    }

    synchronized void extra(Object id) {
        extra++;
        sample(extraKeys, id);
    }

    synchronized void different(Object id) {
        different++;
        sample(differentKeys, id);
    }

    synchronized void skipped(long n) {
        skipped += n;
    }

    synchronized void repaired(long n) {
        repaired += n;
    }

    void finish(String finalStatus, String failure) {
        this.status = finalStatus;
        this.error = failure;
    }

    private static void sample(List<Object> keys, Object id) {
        if (keys.size() < SAMPLES) {
            keys.add(id);
        }
    }

    /** Table name. */
    public String table() {
        return table;
    }

    /** Rows whose document is equal (same content hash of the converted values). */
    public long matching() {
        return matching;
    }

    /** Rows without a document. */
    public long missing() {
        return missing;
    }

    /** Documents without a row. */
    public long extra() {
        return extra;
    }

    /** Rows whose document differs. */
    public long different() {
        return different;
    }

    /** Rows the sync skips on purpose (failing validation), not compared. */
    public long skipped() {
        return skipped;
    }

    /** Documents rewritten or deleted by a repair. */
    public long repaired() {
        return repaired;
    }

    /** {@code running}, {@code done} or {@code failed}. */
    public String status() {
        return status;
    }

    /**
     * The failure; for a {@code done} table what it could not check (extra documents of a key that cannot be
     * looked up); else null.
     */
    public String error() {
        return error;
    }

    /** Up to ten missing keys. */
    public synchronized List<Object> missingKeys() {
        return List.copyOf(missingKeys);
    }

    /** Up to ten extra keys. */
    public synchronized List<Object> extraKeys() {
        return List.copyOf(extraKeys);
    }

    /** Up to ten differing keys. */
    public synchronized List<Object> differentKeys() {
        return List.copyOf(differentKeys);
    }

    /** Missing + extra + different. */
    public long differences() {
        return missing + extra + different;
    }
}
