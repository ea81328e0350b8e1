package io.mysqlmongosync.engine.port;

/**
 * Where changes come from: the batches of one scan or stream of a table, read from a start position given when the
 * source is opened, each with the position after it. The engine writes a batch through the {@link DocumentBuilder}
 * and the {@link DocumentSink}, then stores {@link ChangeBatch#after()} in the {@link Checkpoints}: a source is
 * read again from its last stored position after a crash, so it must give the same or later changes from there
 * (writes are idempotent, a replayed batch is harmless).
 *
 * <p>Implementations: the keyset scan over the primary key or the change column
 * ({@code source/KeysetChangeSource}: initial load, load ranges, incremental pass, NULL change column) and the
 * full re-read of a table without change column ({@code source/RescanChangeSource}). A binlog source gives inserts
 * and updates as upserts (full row image), deletes by key, batches at transaction boundaries and binlog positions;
 * the reverse direction reads a MongoDB change stream the same way. A source converts its rows with the table's
 * row converter and never writes.
 *
 * <p>Errors: the source's own exception is thrown as it is ({@link java.sql.SQLException} for MySQL, the driver's
 * for MongoDB), so the engine can tell a lost connection from a missing privilege.
 */
public interface ChangeSource extends AutoCloseable {

    /**
     * The next batch, or null when this scan is done (a stream source: when it has caught up with the position it
     * read as its end when opened). Never returns an empty batch.
     */
    ChangeBatch next() throws Exception;

    /**
     * Rows whose version (change time in µs) is at or below this value were read and reported by an earlier pass
     * and are read again on purpose (the look-back window of an incremental scan): their problems are not logged
     * again and they count as re-read. -1 (the default) when the source never re-reads.
     */
    default long reportedUpTo() {
        return -1;
    }

    /** Stops reading (an open read-ahead is cancelled); the source cannot be read any more. */
    @Override
    void close();
}
