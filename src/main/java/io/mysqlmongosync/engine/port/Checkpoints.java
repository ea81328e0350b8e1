package io.mysqlmongosync.engine.port;

import java.util.Optional;

/**
 * The stored positions of every table: where its load stands (one position; the chunks of a split load keep theirs
 * under their own chunk leases) and where its change capture stands ({@link TableCheckpoint#cursor()}). A position is stored only
 * after the batch before it was acknowledged by the sink, and a save is fenced by the table's lease, passed with it
 * as a {@link WriteFence}: a replica that lost the lease cannot move a checkpoint any more.
 *
 * <p>The positions are opaque values of the source that produced them: keyset sources store the last
 * order-column values, a binlog source its file and offset (or GTID set) as the change cursor.
 *
 * <p>Implementation: {@code engine/StoredCheckpoints} over {@code sink/CheckpointStore} (MongoDB).
 */
public interface Checkpoints {

    /** The stored checkpoint of {@code table}, empty before its first load. */
    Optional<TableCheckpoint> load(String table);

    /**
     * Stores {@code checkpoint} for {@code table} (after the batch it describes was written) under {@code fence}:
     * conditional on its lease's epoch; a checking fence runs its deadline check first, otherwise the lease document
     * is read first. The sink throws its lease-lost exception when the table is held under a newer epoch (taken over or reset).
     */
    void save(String table, TableCheckpoint checkpoint, WriteFence fence);

    /**
     * Marks {@code table}'s checkpoint as written under {@code lease} from now on (a new holder calls this when it
     * takes the table), so that saves of any holder with an older epoch are refused even before its first save. The sink throws its lease-lost exception when the checkpoint already carries a newer epoch.
     */
    void claim(Lease lease);

    /**
     * Forgets {@code table}'s checkpoint so that its next run loads it in full; wins over a pass still running on it
     * (its next save is refused). Returns whether there was one.
     */
    boolean reset(String table);

    /** Counts one finished pass of {@code table}; returns the passes counted so far (periodic reconciliation). */
    long countPass(String table);
}
