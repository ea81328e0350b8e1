package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.source.binlog.BinlogSource;
import org.jboss.logging.Logger;

/**
 * The bounded backfill of a streamed table whose columns a DDL statement in its stream changed (a column added,
 * dropped, renamed or retyped): every row of the table is read as it is now and written in load mode, so the
 * documents written before the statement take the new shape (an added column's value, a renamed column's new
 * field name, no dropped field) instead of staying mixed with those written after it. It runs on the stream's
 * thread before the position after the statement is stored: a stream stopped during it replays the statement and
 * backfills again. Events after the statement that are older than the rows read here are applied afterwards in
 * commit order, so the documents end as the source is.
 */
final class StreamBackfill {

    private static final Logger LOG = Logger.getLogger(StreamBackfill.class);
    /** Counter of backfills after a column change, by table. */
    static final String METRIC = "sync_cdc_schema_backfills_total";

    private StreamBackfill() {
    }

    /**
     * Re-reads every row of {@code table} through {@code source} in pages of {@code batch} and writes it with
     * {@code writer}, each page fenced by {@code keeper}; returns the rows read.
     */
    static long run(TableContext table, DocumentBuilder builder, PageWriter writer, BinlogSource source,
            LeaseKeeper keeper, int batch, MeterRegistry registry, String ddl) throws Exception {
        LOG.warnf("Table %s: its columns changed in the binlog (%s); re-reading all of its rows so that the documents "
                + "written before take the new shape", table.name(), ddl);
        long started = System.nanoTime();
        Counts counts = new Counts();
        try (ChangeSource rows = source.currentRows(table.schema(), table.converter(), batch)) {
            for (ChangeBatch b = rows.next(); b != null; b = rows.next()) {
                keeper.beforeWrite();
                writer.write(table, builder, b, WriteMode.LOAD, -1, counts, keeper.fence());
            }
        }
        registry.counter(METRIC, "table", table.name()).increment();
        TableResult r = counts.result(table.name(), SyncMode.FULL, (System.nanoTime() - started) / 1_000_000);
        LOG.infof("Table %s: backfill after the column change done in %d ms: %d rows read, %d documents created, %d "
                + "updated, %d unchanged, %d skipped", table.name(), r.durationMillis(), r.read(), r.created(), r.updated(),
                r.unchanged(), r.skipped());
        return r.read();
    }
}
