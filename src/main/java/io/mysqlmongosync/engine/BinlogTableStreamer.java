package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.KeyText;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.sink.Lease;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogStream;
import io.mysqlmongosync.source.binlog.BinlogTable;
import io.mysqlmongosync.source.binlog.BinlogTransaction;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.mysqlmongosync.source.binlog.ColumnDdl;
import io.mysqlmongosync.source.binlog.PositionLostException;
import io.mysqlmongosync.source.binlog.RowChange;
import io.mysqlmongosync.source.binlog.SchemaMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies one table's binlog stream: polls whole transactions, batched by count ({@code SYNC_CDC_BATCH_ROWS}) and
 * time ({@code SYNC_CDC_BATCH_MILLIS}), reduces them to the last change per key, writes them through the page
 * writer (documents, embedding, sink) and then stores the position after the last transaction, fenced by the
 * table's lease. A DDL statement of the table or a row that does not fit the schema re-discovers the table and
 * continues by column name.
 */
final class BinlogTableStreamer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BinlogTableStreamer.class);

    private final String name;
    private final BinlogStream stream;
    private final BinlogStreams.StreamerParts parts;
    private final CdcSettings settings;
    private final DistributionSummary lag;
    private final Map<RowChange.Type, Counter> events = new java.util.EnumMap<>(RowChange.Type.class);
    private TableContext table;
    private BinlogTable decoder;
    private DocumentBuilder builder;
    private Lease lease;
    /** Renews the lease when due, also while the binlog is idle, and fences each write (see {@link LeaseKeeper}). */
    private LeaseKeeper keeper;
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile String error;
    private volatile BinlogPosition position;
    private volatile double lastLagSeconds;
    private volatile long applied;
    private volatile long lastPollAt = System.currentTimeMillis();
    private volatile State state = State.STARTING;
    private final long startedAt = System.currentTimeMillis();

    /** Where a stream stands, as {@code GET /sync/status} shows it. */
    enum State {
        /** Taking the lease, discovering the table, connecting. */
        STARTING,
        /** Reading and applying (see {@code connected} for the connection itself). */
        STREAMING,
        /** Another replica holds the table's lease and streams it. */
        STANDBY,
        /** Stopped by pause or shutdown, or superseded. */
        STOPPED,
        /** The stored position is no longer on the source: the table is blocked until it is reloaded. */
        POSITION_LOST,
        /** The applying failed ({@code error}); the supervisor restarts it from the checkpoint. */
        FAILED,
        /** A binlog row does not fit the table's columns: the table is blocked until reloaded (StreamSchemaBlock). */
        SCHEMA_MISMATCH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    BinlogTableStreamer(TableContext table, BinlogStream stream, BinlogPosition from, BinlogStreams.StreamerParts parts,
            CdcSettings settings) {
        this.name = table.name();
        this.position = from;
        this.table = table;
        this.stream = stream;
        this.parts = parts;
        this.settings = settings;
        this.lag = DistributionSummary.builder("sync_cdc_lag_seconds").tag("table", name).baseUnit("seconds")
                .description("Time from a binlog commit to MongoDB's acknowledgement of its changes")
                // Buckets for sub-second lag (the default buckets of a summary start at 1)
                .serviceLevelObjectives(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600)
                .register(parts.registry());
        for (RowChange.Type t : RowChange.Type.values()) {
            events.put(t, Counter.builder("sync_cdc_events_total").tag("table", name)
                    .tag("type", t.name().toLowerCase(Locale.ROOT)).register(parts.registry()));
        }
    }

    void start() {
        Thread t = new Thread(this::run, "binlog-apply-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    boolean positionLost() {
        return stream.failure() instanceof PositionLostException;
    }

    String failure() {
        return stream.failure() != null ? stream.failure().getMessage() : error;
    }

    private void run() {
        try {
            long takenAt = System.nanoTime();
            lease = parts.leases().take(name, parts.owner(), parts.leaseMillis());
            if (lease == null) {
                state = State.STANDBY;
                LOG.debugf("Table %s: another replica holds its lease and streams it", name);
                return;
            }
            parts.store().claim(lease);
            keeper = new LeaseKeeper(parts.leases(), lease, takenAt, parts.leaseMillis(), parts.writeBudgetNanos(),
                    System::nanoTime);
            prepare();
            stream.start();
            state = State.STREAMING;
            while (!stopped) {
                List<BinlogTransaction> txs = stream.poll(settings.batchRows(), settings.batchMillis());
                lastPollAt = System.currentTimeMillis();
                keeper.beforeWrite(); // renews when due: an idle stream keeps its lease too
                if (txs.isEmpty()) {
                    stream.checkSilence();
                    if (stream.failure() != null) {
                        state = positionLost() ? State.POSITION_LOST : State.FAILED;
                        alert();
                        return;
                    }
                    continue;
                }
                apply(txs);
            }
        } catch (Exception e) {
            if (!stopped) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                state = State.FAILED;
                LOG.errorf(e, "Table %s: binlog stream stopped: %s", name, error);
            }
        } finally {
            stream.close();
            if (state == State.STREAMING || state == State.STARTING) {
                state = State.STOPPED;
            }
        }
    }

    private void alert() {
        LOG.errorf("Table %s: %s", name, stream.failure().getMessage());
        String message = "Table " + name + ": " + stream.failure().getMessage()
                + (settings.resnapshotOnGap()
                        ? "; streaming stopped, the table is reloaded (SYNC_CDC_RESNAPSHOT_ON_GAP)"
                        : "; streaming stopped and the table is blocked. Reload it (POST /sync/trigger with {\"tables\": [\"" + name + "\"], \"force_full_sync\": true})"
                                + " or set SYNC_CDC_RESNAPSHOT_ON_GAP=true to reload such a table automatically.");
        if (state == State.POSITION_LOST && !settings.resnapshotOnGap()) {
            parts.alerts().blocked(name, "binlog_position_lost", message); // also the run event table.blocked
        } else {
            parts.alerts().alert("binlog_position_lost", message);
        }
    }

    private void prepare() throws Exception {
        table = parts.catalog().table(name).orElse(table);
        builder = parts.builders().forStream(table);
        decoder = parts.source().table(table.schema(), table.converter(), parts.zone());
    }

    private void apply(List<BinlogTransaction> txs) throws Exception {
        int ddl = ColumnDdl.first(txs, name);
        if (ddl >= 0 && txs.size() > 1) { // each side of the DDL with the columns it was written with
            for (List<BinlogTransaction> part : ColumnDdl.around(txs, ddl)) {
                apply(part);
            }
            return;
        }
        if (ddl == 0) {
            List<String> before = ColumnDdl.shape(table.schema());
            parts.catalog().discover(true);
            prepare();
            if (ColumnDdl.reshapes(txs.get(0).ddl(), name, before, table.schema())) {
                StreamBackfill.run(table, builder, parts.writer(), parts.source(), keeper, settings.batchRows(),
                        parts.registry(), txs.get(0).ddl());
            }
        }
        List<String> keyNames = table.schema().primaryKey().stream().map(ColumnInfo::name).toList();
        StreamedChanges changes = new StreamedChanges(id -> KeyText.ofId(keyNames, id));
        for (BinlogTransaction tx : txs) {
            for (RowChange ch : tx.changes()) {
                events.get(ch.type()).increment();
                boolean delete = ch.type() == RowChange.Type.DELETE;
                java.io.Serializable[] image = delete ? ch.before() : ch.after();
                try {
                    changes.put(convert(ch, image), delete);
                } catch (ConversionException | ArithmeticException | java.time.DateTimeException e) {
                    // skipped and recorded like a page's row that does not convert: the stream goes on
                    changes.reject(decoder.describeKey(image, ch.columns()),
                            "binlog " + ch.type().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
                }
            }
        }
        BinlogTransaction end = txs.get(txs.size() - 1);
        // The lease is checked (renewed when due, or found lost or too close to expiry) after the batch was read
        // and right before it is written, and again by the sink right before it sends each write, as for scans.
        keeper.beforeWrite();
        if (changes.size() > 0) {
            List<List<SourceRow>> out = new ArrayList<>(1);
            WriteFence.during(keeper::beforeWrite, () -> out.add(changes.write(parts.writer(), table, builder,
                    parts.builders().marksDeletes(), new Object[] {BinlogCapture.CURSOR_MARK, end.end().encode()},
                    new Counts())));
            List<SourceRow> deleted = out.get(0);
            if (!deleted.isEmpty() && !table.feeds().isEmpty()) {
                parts.embedded().refresh(table, deleted);
            }
        }
        TableCheckpoint cp = parts.checkpoints().load(name).orElseThrow();
        lease = keeper.lease();
        parts.store().save(name, cp.withCursor(new Object[] {BinlogCapture.CURSOR_MARK, end.end().encode()}), lease);
        position = end.end();
        applied += changes.size();
        if (changes.size() > 0) {
            for (BinlogTransaction tx : txs) {
                lastLagSeconds = Math.max(0, System.currentTimeMillis() - tx.commitMillis()) / 1000.0;
                lag.record(lastLagSeconds);
            }
        }
    }

    private SourceRow convert(RowChange ch, java.io.Serializable[] image) throws Exception {
        try {
            return decoder.convert(image, ch.columns());
        } catch (SchemaMismatchException e) {
            LOG.infof("Table %s: %s; re-discovering the table", name, e.getMessage());
            parts.catalog().discover(true);
            prepare();
            try {
                return decoder.convert(image, ch.columns());
            } catch (SchemaMismatchException again) { // blocked, never retried in a loop: see StreamSchemaBlock
                state = State.SCHEMA_MISMATCH;
                error = StreamSchemaBlock.explain(name, again.getMessage(), ch.columns() != null, position);
                stream.close();
                StreamSchemaBlock.hold(name, error, parts.alerts(), keeper, () -> stopped);
                throw again;
            }
        }
    }

    State state() {
        return state;
    }

    /** The stream's status: state, connection, position, GTID, events per second, lag and error. */
    CaptureStatus status() {
        double seconds = Math.max(1, (System.currentTimeMillis() - startedAt) / 1000.0);
        BinlogPosition at = position;
        boolean connected = stream.connected();
        String why = failure();
        return new CaptureStatus(BinlogCapture.NAME, state.label(), connected, at == null ? null : at.encode(),
                at == null ? null : at.gtid(), Math.round(applied / seconds * 100) / 100.0, lastLagSeconds,
                why != null || connected ? why : stream.lastError());
    }

    /**
     * Whether it reads and applies the binlog right now (streaming over an open connection), or holds its table
     * blocked on purpose ({@code schema_mismatch}: nothing a restart could repair; the status shows it blocked).
     */
    boolean healthy() {
        return alive() && (state == State.STREAMING && stream.connected() || state == State.SCHEMA_MISMATCH);
    }

    /** Whether another replica streams the table (this one stands by): nothing to repair here. */
    boolean standingBy() {
        return state == State.STANDBY;
    }

    /**
     * Checked by the supervisor: breaks a connection that stayed silent past its heartbeats (the stream reconnects)
     * and reports an applying thread that stopped polling for {@code stuckMillis}.
     */
    boolean checkSilence(long stuckMillis) {
        stream.checkSilence();
        return state == State.STREAMING && System.currentTimeMillis() - lastPollAt > stuckMillis;
    }

    @Override
    public void close() {
        stopped = true;
        stream.close();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
