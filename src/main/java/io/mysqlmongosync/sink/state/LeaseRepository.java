package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to {@code _sync_leases}; the conditional updates are built by {@code sink.LeaseStore}. */
@ApplicationScoped
public class LeaseRepository implements PanacheMongoRepositoryBase<LeaseDocument, String> {
}
