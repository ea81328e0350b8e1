package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.sink.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The {@link Checkpoints} of the engine, stored in MongoDB by {@link CheckpointStore} (fenced by the table lease).
 * The one class of the engine that knows the store: every other reads and writes positions through the port.
 */
@ApplicationScoped
public class StoredCheckpoints implements Checkpoints {

    private final CheckpointStore store;

    StoredCheckpoints(CheckpointStore store) {
        this.store = store;
    }

    @Override
    public Optional<TableCheckpoint> load(String table) {
        return store.load(table);
    }

    @Override
    public void save(String table, TableCheckpoint checkpoint, WriteFence fence) {
        store.save(table, checkpoint, fence);
    }

    @Override
    public void claim(Lease lease) {
        store.claim(lease);
    }

    @Override
    public boolean reset(String table) {
        return store.reset(table);
    }

    @Override
    public long countPass(String table) {
        return store.countPass(table);
    }
}
