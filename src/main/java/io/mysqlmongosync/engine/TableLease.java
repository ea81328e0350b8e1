package io.mysqlmongosync.engine;

import io.mysqlmongosync.sink.Lease;
import io.mysqlmongosync.sink.LeaseStore;

/**
 * The outcome of asking for a table's lease ({@link TableLeases#claim}): granted, with the lease and the monotonic
 * time it was asked for, or refused, naming the holder. Closing a granted claim releases the lease, so a pass under
 * the lease reads {@code try (claim) { ... }}.
 */
public final class TableLease implements AutoCloseable {

    private final LeaseStore store;
    private final String table;
    private final String owner;
    private final Lease lease;
    private final String holder;
    private final long takenAtNanos;
    private final long ttlMillis;

    TableLease(LeaseStore store, String table, String owner, Lease lease, String holder, long takenAtNanos,
            long ttlMillis) {
        this.store = store;
        this.table = table;
        this.owner = owner;
        this.lease = lease;
        this.holder = holder;
        this.takenAtNanos = takenAtNanos;
        this.ttlMillis = ttlMillis;
    }

    /** Whether this replica holds the lease now. */
    public boolean granted() {
        return lease != null;
    }

    /** The lease, or null when refused. */
    public Lease lease() {
        return lease;
    }

    /** Who holds the table's lease when it was refused (null when granted). */
    public String holder() {
        return holder;
    }

    /** {@code System.nanoTime()} just before the lease was asked for: local expiry deadlines count from here. */
    public long takenAtNanos() {
        return takenAtNanos;
    }

    /** The lease duration asked for (SYNC_LEASE_SECONDS). */
    public long ttlMillis() {
        return ttlMillis;
    }

    /** Releases a granted lease (expires it, keeping owner and epoch); nothing when refused. */
    @Override
    public void close() {
        if (granted()) {
            store.release(table, owner);
        }
    }
}
