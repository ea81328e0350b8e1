package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps one table's lease while its pass writes, on a monotonic clock ({@link System#nanoTime()}): wall clocks of
 * replicas may jump or drift, the time since this replica last renewed may not. Called before each page write
 * (after the previous page): it renews the lease once a quarter of it has passed, and it lets the next write start
 * only while that write, with all its retries ({@code writeBudget}), ends before the lease could expire, less a
 * safety margin of a tenth of the lease for clock drift between replicas. A renewal refused because another owner
 * (or a checkpoint reset) has the lease stops the table at once; a renewal that fails otherwise (MongoDB slow or
 * unreachable) is tried again before the next page, and the table stops when the deadline passes without one.
 */
public final class LeaseKeeper implements PageListener {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final LeaseStore leases;
    private final long ttlMillis;
    private final long writeBudgetNanos;
    private final LongSupplier nanoTime;
    private volatile Lease lease;
    private final WriteFence fence;
    /** System.nanoTime() just before the request that took or last renewed the lease was sent. */
    private volatile long renewedAt;

    /** A keeper of {@code lease}, taken (or last renewed) at {@code takenAtNanos} on {@code nanoTime}'s clock. */
    public LeaseKeeper(LeaseStore leases, Lease lease, long takenAtNanos, long ttlMillis, long writeBudgetNanos,
            LongSupplier nanoTime) {
        this.leases = leases;
        this.lease = lease;
        this.renewedAt = takenAtNanos;
        this.ttlMillis = ttlMillis;
        this.writeBudgetNanos = writeBudgetNanos;
        this.nanoTime = nanoTime;
        this.fence = WriteFence.checking(this::lease, this::beforeWrite);
    }

    /** The fence of the writes under this lease: {@link #beforeWrite} before each, the lease as last renewed. */
    @Override
    public WriteFence fence() {
        return fence;
    }

    /** The check right before a request is sent: the same as {@link #beforeWrite}. */
    @Override
    public void beforeSend() {
        beforeWrite();
    }

    /** The lease as last taken or renewed. */
    public Lease lease() {
        return lease;
    }

    /** The margin kept before the lease's expiry for clock drift between replicas: a tenth of the lease. */
    static long marginNanos(long ttlMillis) {
        return ttlMillis * 100_000L;
    }

    /** The last moment (System.nanoTime()) a write may start: it and its retries end a margin before expiry. */
    long deadline() {
        return renewedAt + ttlMillis * 1_000_000L - writeBudgetNanos - marginNanos(ttlMillis);
    }

    /**
     * Called before the next page write: renews when due and returns when the write may go ahead.
     *
     * @throws LeaseLostException when another owner has the lease, or it could not be renewed before the deadline
     */
    @Override
    public synchronized void beforeWrite() {
        long now = nanoTime.getAsLong();
        long due = Math.min(renewedAt + ttlMillis * 1_000_000L / 4, deadline());
        if (now < due) {
            return;
        }
        try {
            lease = leases.renew(lease, ttlMillis);
            renewedAt = now;
            return;
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            if (nanoTime.getAsLong() < deadline()) {
                LOG.warnf("Could not renew the lease on %s (%s); trying again before the next page",
                        lease.table(), e.getMessage());
                return;
            }
            throw new LeaseLostException(lease.table(), "the lease on " + lease.table() + " (epoch " + lease.epoch()
                    + ") could not be renewed before its deadline, so the table stops before the lease can expire: "
                    + e.getMessage());
        }
    }
}
