package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.sink.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The {@link Checkpoints} of the engine, stored in MongoDB by {@link CheckpointStore} (fenced by the table lease). */
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
    public void save(String table, TableCheckpoint checkpoint) {
        store.save(table, checkpoint);
    }

    @Override
    public void saveRange(String table, int index, LoadRange range) {
        store.saveRange(table, index, range);
    }

    @Override
    public long countPass(String table) {
        return store.countPass(table);
    }
}
