package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to {@code _sync_checkpoints}; the fenced writes are built by {@code sink.CheckpointStore}. */
@ApplicationScoped
public class CheckpointRepository implements PanacheMongoRepositoryBase<CheckpointDocument, String> {
}
