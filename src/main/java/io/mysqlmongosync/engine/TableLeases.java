package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where the engine takes and gives back a table's lease (SYNC_LEASE_SECONDS), so two replicas never sync the same
 * table at once.
 */
@ApplicationScoped
public class TableLeases {

    /** The leases this process holds now: given back at shutdown before the MongoDB client closes. */
    private final java.util.Set<Held> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final LeaseStore leases;
    private final Checkpoints checkpoints;
    private final LeaseBudget budget;
    private final long ttlMillis;
    /** Set at shutdown: no lease is taken any more and no pass starts another write under one. */
    private volatile boolean closing;

    TableLeases(LeaseStore leases, Checkpoints checkpoints, LeaseBudget budget, SyncConfig config) {
        this.leases = leases;
        this.checkpoints = checkpoints;
        this.budget = budget;
        this.ttlMillis = config.leaseSeconds() * 1000L;
    }

    /**
     * Takes {@code table}'s lease for a sync pass as {@code owner}, or returns null when another replica holds it.
     * Close the result to give the lease back; {@link Held#claim()} it before writing anything.
     */
    public Held take(String table, String owner) {
        if (closing) {
            throw shuttingDown(table);
        }
        long takenAt = System.nanoTime(); // before the request: the local deadline errs on the early side
        Lease lease = leases.take(table, owner, ttlMillis);
        if (lease == null) {
            return null;
        }
        Held held = new Held(lease, owner, takenAt);
        open.add(held);
        return held;
    }

    /** The replica holding {@code table}'s lease, or null. */
    public String holder(String table) {
        return leases.holder(table);
    }

    /** A lease taken for a pass; {@link #close()} releases it. */
    public final class Held implements AutoCloseable {
        private final Lease lease;
        private final String owner;
        private final long takenAt;
        private LeaseKeeper keeper;

        private Held(Lease lease, String owner, long takenAt) {
            this.lease = lease;
            this.owner = owner;
            this.takenAt = takenAt;
        }

        /**
         * Fencing: marks the checkpoint with this lease's epoch before anything is written, so a replica that held
         * the table before (and may wake up late) can no longer save its checkpoint; this pass's saves are
         * conditional on the same epoch (Checkpoints). Between pages the keeper renews the lease once a quarter
         * of it has passed and stops the table before the lease could expire under a write (monotonic deadline,
         * see {@link LeaseKeeper}).
         */
        void claim() {
            checkpoints.claim(lease);
            leases.hold(lease);
            keeper = new LeaseKeeper(leases, lease, takenAt, ttlMillis, budget.writeBudgetMillis() * 1_000_000L,
                    System::nanoTime);
        }

        /** The lease as last taken or renewed. */
        Lease lease() {
            LeaseKeeper k = keeper;
            return k == null ? lease : k.lease();
        }

        /** Renews the lease when due and fails when it could expire under the next write. */
        void beforeWrite() {
            if (closing) {
                throw shuttingDown(lease.table());
            }
            keeper.beforeWrite();
        }

        @Override
        public void close() {
            open.remove(this);
            leases.release(lease.table(), owner);
        }
    }

    /**
     * First step of a shutdown: from now on no lease is taken and every pass's next lease check (before a batch is
     * written, and the sink's right before it sends) fails, so nothing more is written under a lease this process
     * is about to give back.
     */
    void stopWriting() {
        closing = true;
    }

    private static LeaseLostException shuttingDown(String table) {
        return new LeaseLostException(table, "the process is shutting down: nothing more is written to " + table
                + " under its lease, which is given back");
    }

    /**
     * Last step of a shutdown (SIGTERM), after the run was stopped and before the MongoDB client is closed: gives
     * back every lease still held, so another replica can take the tables at once instead of after the lease time.
     */
    void releaseAll() {
        for (Held held : java.util.List.copyOf(open)) {
            try {
                held.close();
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger(TableLeases.class).warnf("Lease on %s not released at shutdown: %s",
                        held.lease.table(), e.getMessage());
            }
        }
    }
}
