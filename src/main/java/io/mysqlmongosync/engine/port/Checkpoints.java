package io.mysqlmongosync.engine.port;

import java.util.Optional;

/**
 * The stored positions of every table: where its load stands (one position, or one per {@link LoadRange} of a
 * split load) and where its change capture stands ({@link TableCheckpoint#cursor()}). A position is stored only
 * after the batch before it was acknowledged by the sink, and a save is fenced by the table's lease: a replica that
 * lost the lease cannot move a checkpoint any more.
 *
 * <p>The positions are opaque values of the source that produced them: keyset sources store the last
 * order-column values, a binlog source its file and offset (or GTID set) as the change cursor.
 *
 * <p>Implementation: {@code engine/StoredCheckpoints} over {@code sink/CheckpointStore} (MongoDB).
 */
public interface Checkpoints {

    /** The stored checkpoint of {@code table}, empty before its first load. */
    Optional<TableCheckpoint> load(String table);

    /** Stores {@code checkpoint} for {@code table} (after the batch it describes was written). */
    void save(String table, TableCheckpoint checkpoint);

    /**
     * Stores the position of range {@code index} of a split load; ranges advance at once, so each is stored on
     * its own without rewriting the others.
     */
    void saveRange(String table, int index, LoadRange range);

    /** Counts one finished pass of {@code table}; returns the passes counted so far (periodic reconciliation). */
    long countPass(String table);
}
