package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.Lease;
import io.mysqlmongosync.sink.LeaseStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes and gives back the per-table lease for work that writes a table (a sync pass, a repair), so two replicas
 * never write the same table at once. One place for the lease duration (SYNC_LEASE_SECONDS) and for naming the
 * holder when the lease is refused.
 */
@ApplicationScoped
public class TableLeases {

    private final LeaseStore store;
    private final SyncConfig config;

    TableLeases(LeaseStore store, SyncConfig config) {
        this.store = store;
        this.config = config;
    }

    /**
     * Asks for {@code table}'s lease for {@code owner} (renewing it when {@code owner} holds it already). The answer
     * releases the lease when closed.
     */
    public TableLease claim(String table, String owner) {
        long ttl = config.leaseSeconds() * 1000L;
        long takenAt = System.nanoTime(); // before the request: a local deadline errs on the early side
        Lease lease = store.take(table, owner, ttl);
        String holder = lease == null ? store.holder(table) : null;
        return new TableLease(store, table, owner, lease, holder, takenAt, ttl);
    }
}
