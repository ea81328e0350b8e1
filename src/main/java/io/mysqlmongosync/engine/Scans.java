package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetChangeSource;
import io.mysqlmongosync.source.KeysetPageReader;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.RescanChangeSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Opens the change sources of a table's scans (with one shared read-ahead pool) and runs a sync scan: the
 * {@link ScanLoop} with the {@link PageWriter} as its batch handler.
 */
@ApplicationScoped
class Scans {

    private final KeysetPageReader reader;
    private final DocumentBuilders builders;
    private final PageWriter writer;
    private final int batchSize;
    private final ExecutorService readAhead = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sync-read-ahead");
        t.setDaemon(true);
        return t;
    });

    Scans(KeysetPageReader reader, DocumentBuilders builders, PageWriter writer, SyncConfig config) {
        this.reader = reader;
        this.builders = builders;
        this.writer = writer;
        this.batchSize = config.batchSize();
    }

    /** Rows per page (SYNC_BATCH_SIZE). */
    int batchSize() {
        return batchSize;
    }

    /**
     * A keyset scan of {@code query} over {@code table} from {@code start} up to {@code upper} (null: unbounded);
     * versions up to {@code reportedUpTo} are re-read on purpose (-1: none).
     */
    public ChangeSource keyset(TableContext table, KeysetQuery query, KeyPosition start, Object upper,
            long reportedUpTo) {
        return new KeysetChangeSource(reader, query, builders.converterFor(table), start, upper, batchSize, readAhead,
                reportedUpTo);
    }

    /**
     * The rows of {@code table} in primary-key order as the plain converter reads them: what a verification
     * compares with the collection.
     */
    public ChangeSource verification(TableContext table) {
        return new KeysetChangeSource(reader, KeysetQuery.byPrimaryKey(table.schema(), null), table.converter(),
                KeyPosition.start(), null, batchSize, readAhead, -1);
    }

    /**
     * As {@link #verification(TableContext)}, from the row after the primary key {@code after} (raw values; null:
     * from the first row): the next chunk of a scheduled repair.
     */
    public ChangeSource verification(TableContext table, Object[] after) {
        return new KeysetChangeSource(reader, KeysetQuery.byPrimaryKey(table.schema(), null), table.converter(),
                after == null ? KeyPosition.start() : KeyPosition.after(after), null, batchSize, readAhead, -1);
    }

    /** A full re-read of {@code table}'s rows that match {@code filter} (null: all). */
    public ChangeSource rescan(TableContext table, String filter) {
        return new RescanChangeSource(reader, table.schema(), filter, builders.converterFor(table), batchSize,
                readAhead);
    }

    /**
     * Runs one sync scan of {@code source} for {@code pass}: every batch written in {@code mode}, then its position
     * stored by {@code saver}, the lease renewed, the progress advanced and {@code after} told. Returns false when
     * {@code stop} ended it early.
     */
    public boolean sync(TablePass pass, ChangeSource source, WriteMode mode, ScanLoop.PositionSaver saver,
            ScanLoop.AfterBatch after, BooleanSupplier stop) throws Exception {
        DocumentBuilder builder = builders.forTable(pass.table());
        long reportedUpTo = source.reportedUpTo();
        return ScanLoop.run(source,
                (batch, fence) -> writer.write(pass.table(), builder, batch, mode, reportedUpTo, pass.counts(), fence),
                saver,
                pass.listener(), batch -> {
                    pass.progress().advance(batch.size());
                    after.done(batch);
                }, stop);
    }

    /** As {@link #sync(TablePass, ChangeSource, WriteMode, ScanLoop.PositionSaver, ScanLoop.AfterBatch,
     * BooleanSupplier)}, to the end of the source. */
    public void sync(TablePass pass, ChangeSource source, WriteMode mode, ScanLoop.PositionSaver saver)
            throws Exception {
        sync(pass, source, mode, saver, ScanLoop.AfterBatch.NONE, () -> false);
    }

    @PreDestroy
    void stop() {
        readAhead.shutdownNow();
    }
}
