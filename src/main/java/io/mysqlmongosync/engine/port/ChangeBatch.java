package io.mysqlmongosync.engine.port;

import io.mysqlmongosync.mapping.SourceRow;
import java.util.List;

/**
 * One batch of changes a {@link ChangeSource} read: the rows to write (inserted or updated, as their full image),
 * the keys of deleted rows, and the position to resume from once the batch is acknowledged by the sink. A keyset
 * scan gives one page per batch; a log-based source (binlog, MongoDB change stream) one or more whole
 * transactions, so a checkpoint never falls inside a transaction.
 *
 * @param upserts rows converted successfully, in source order (a later copy of the same key wins)
 * @param deletes document {@code _id}s of rows deleted at the source (the same value {@link SourceRow#id()} has)
 * @param rejected rows that could not be converted (logged with their key, counted and recorded as dead letters by
 *     the engine)
 * @param size rows or events the source returned in this batch, converted or not
 * @param after the position just after the batch, stored once the batch is written; never null for a non-empty
 *     batch (keyset: the last order-column values; binlog: file and offset, or a GTID set; change stream: the
 *     resume token)
 */
public record ChangeBatch(List<SourceRow> upserts, List<Object> deletes, List<Rejected> rejected, int size,
        Object[] after) {

    /** A batch of upserted rows only (a keyset page). */
    public static ChangeBatch ofRows(List<SourceRow> upserts, List<Rejected> rejected, int size, Object[] after) {
        return new ChangeBatch(upserts, List.of(), rejected, size, after);
    }

    /** Whether the batch holds nothing to write and nothing rejected. */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * A row that could not be converted.
     *
     * @param key readable primary key
     * @param problem what is wrong
     * @param version the row's change time in microseconds (0 when unknown)
     */
    public record Rejected(String key, String problem, long version) {
    }
}
