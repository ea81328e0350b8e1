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
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogTable;
import io.mysqlmongosync.source.binlog.BinlogTransaction;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.mysqlmongosync.source.binlog.ColumnDdl;
import io.mysqlmongosync.source.binlog.RowChange;
import io.mysqlmongosync.source.binlog.SchemaMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies one table's share of its source's binlog stream ({@link SourceStreamer}, which reads the binlog once for
 * every table and hands each batch of whole transactions to every table it streams): keeps the table's lease and
 * position, skips transactions at or before that position (a table that joined from an earlier place, or replays
 * after a reconnect), reduces the table's changes to the last change per key, writes them through the page writer
 * (documents, embedding, sink) and then stores the position after the last transaction, fenced by the table's lease.
 * A DDL statement of the table or a row that does not fit the schema re-discovers the table and continues by column
 * name. A failure here stops this table only; the source goes on with the others.
 */
final class BinlogTableStreamer {

    private static final Logger LOG = Logger.getLogger(BinlogTableStreamer.class);
    /** How often the position of a table with no changes is stored all the same, bounding what a restart re-reads. */
    static final long IDLE_SAVE_MILLIS = 30_000;

    private final String name;
    private final BinlogStreams.StreamerParts parts;
    private final DistributionSummary lag;
    private final Map<RowChange.Type, Counter> events = new java.util.EnumMap<>(RowChange.Type.class);
    private volatile TableContext table;
    private BinlogTable decoder;
    private DocumentBuilder builder;
    private Lease lease;
    /** Renews the lease when due, also while the binlog is idle, and fences each write (see {@link LeaseKeeper}). */
    private LeaseKeeper keeper;
    /**
     * The checkpoint as this table last stored it, or null before its first save: while the table streams under its
     * lease nothing else writes these fields (a reset or a reload fences the lease off first, and the save fails), so
     * the next save starts from it instead of reading the checkpoint again.
     */
    private TableCheckpoint saved;
    private volatile String error;
    private volatile BinlogPosition position;
    /**
     * When the position was last stored; starts at a random point of the last {@value #IDLE_SAVE_MILLIS} ms, so that
     * tables that joined together do not all store theirs in the same batch.
     */
    private long savedAt = System.currentTimeMillis()
            - java.util.concurrent.ThreadLocalRandom.current().nextLong(IDLE_SAVE_MILLIS);
    private volatile double lastLagSeconds;
    private volatile long applied;
    private volatile State state = State.STARTING;
    private final long startedAt = System.currentTimeMillis();

    /** Where a table's stream stands, as {@code GET /sync/status} shows it. */
    enum State {
        /** Taking the lease, discovering the table, waiting for the source's reader. */
        STARTING,
        /** Reading and applying (see {@code connected} for the connection itself). */
        STREAMING,
        /** Another replica holds the table's (or the source's) lease and streams it. */
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

    BinlogTableStreamer(TableContext table, BinlogPosition from, BinlogStreams.StreamerParts parts) {
        this.name = table.name();
        this.position = from;
        this.table = table;
        this.parts = parts;
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

    String name() {
        return name;
    }

    /** The place up to which this table's changes were applied (the start of its share of the stream). */
    BinlogPosition position() {
        return position;
    }

    /**
     * Takes the table's lease and prepares its decoder and document builder; the table is then {@code STREAMING}
     * once the source's reader includes it. Returns false (state {@code STANDBY}) when another replica holds it.
     */
    boolean join() throws Exception {
        long takenAt = System.nanoTime();
        lease = parts.leases().take(name, parts.owner(), parts.leaseMillis());
        if (lease == null) {
            state = State.STANDBY;
            LOG.debugf("Table %s: another replica holds its lease and streams it", name);
            return false;
        }
        parts.checkpoints().claim(lease);
        // Tables that join together would renew their leases in the same batch, every quarter of the lease: the keeper
        // counts from a random point of the last quarter instead, which only makes it renew earlier, never later.
        long spread = java.util.concurrent.ThreadLocalRandom.current().nextLong(parts.leaseMillis() * 250_000L + 1);
        keeper = new LeaseKeeper(parts.leases(), lease, takenAt - spread, parts.leaseMillis(), parts.writeBudgetNanos(),
                System::nanoTime);
        prepare();
        return true;
    }

    /** Whether the table embeds other tables' rows or is embedded in others' documents (writes shared documents). */
    boolean related() {
        TableContext t = table;
        return !t.embeds().isEmpty() || !t.feeds().isEmpty();
    }

    /** Whether {@link #join} took the lease and prepared the table. */
    boolean joined() {
        return keeper != null;
    }

    /** Another replica streams the source: this table stands by with it. */
    void standby() {
        state = State.STANDBY;
    }

    /** The reader now delivers this table's events. */
    void streaming() {
        state = State.STREAMING;
    }

    /** Renews the table's lease when due, also while the binlog is idle (see {@link LeaseKeeper#beforeWrite}). */
    void keepLease() {
        keeper.beforeWrite();
    }

    /**
     * This table stopped applying because of {@code e}; the supervisor restarts it from its checkpoint (not one
     * blocked by a schema mismatch, which waits for its reload).
     */
    void failed(Exception e) {
        if (state == State.SCHEMA_MISMATCH) {
            return;
        }
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        state = State.FAILED;
        LOG.errorf(e, "Table %s: binlog stream stopped: %s", name, error);
    }

    /** This table's stored position is no longer on the source ({@code e}): it is blocked until reloaded. */
    void positionLost(RuntimeException e) {
        error = e.getMessage();
        state = State.POSITION_LOST;
        CdcSettings settings = parts.settings();
        LOG.errorf("Table %s: %s", name, e.getMessage());
        String message = "Table " + name + ": " + e.getMessage()
                + (settings.resnapshotOnGap()
                        ? "; streaming stopped, the table is reloaded (SYNC_CDC_RESNAPSHOT_ON_GAP)"
                        : "; streaming stopped and the table is blocked. Reload it (POST /sync/trigger with {\"tables\": [\"" + name + "\"], \"force_full_sync\": true})"
                                + " or set SYNC_CDC_RESNAPSHOT_ON_GAP=true to reload such a table automatically.");
        if (!settings.resnapshotOnGap()) {
            parts.alerts().blocked(name, "binlog_position_lost", message); // also the run event table.blocked
        } else {
            parts.alerts().alert("binlog_position_lost", message);
        }
    }

    /** Stopped with its source (pause, shutdown) or taken out of it. */
    /** Gives the table's lease back after the stream stopped, unless a pass of this process holds it. */
    void release() {
        if (keeper == null || parts.leases().held(name) != null) {
            return;
        }
        try {
            parts.leases().release(name, parts.owner());
        } catch (RuntimeException e) {
            LOG.debugf("Table %s: lease not given back after its stream stopped: %s", name, e.getMessage());
        }
    }

    void stopped() {
        if (state == State.STREAMING || state == State.STARTING) {
            state = State.STOPPED;
        }
    }

    boolean positionLost() {
        return state == State.POSITION_LOST;
    }

    String failure() {
        return error;
    }

    private void prepare() throws Exception {
        table = parts.catalog().table(name).orElse(table);
        builder = parts.builders().forStream(table);
        decoder = parts.source().table(table.schema(), table.converter(), parts.zone());
    }

    /**
     * Applies this table's changes in {@code txs} (whole transactions in commit order, of every table the source
     * streams) that come after its position, then stores the position after the last transaction: at once when it
     * had changes, else every {@value #IDLE_SAVE_MILLIS} ms. A DDL statement of the table splits the batch: each
     * side is decoded with the columns it was written with, and a statement that changed the columns re-reads the
     * table's rows ({@link StreamBackfill}) before the position after it is stored.
     */
    void apply(List<BinlogTransaction> txs) throws Exception {
        BinlogPosition from = position;
        List<BinlogTransaction> mine = new ArrayList<>(txs.size());
        for (BinlogTransaction tx : txs) {
            if (from == null || !tx.end().notAfter(from)) {
                mine.add(tx);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        int ddl = ColumnDdl.first(mine, name);
        if (ddl >= 0 && mine.size() > 1) { // each side of the DDL with the columns it was written with
            for (List<BinlogTransaction> part : ColumnDdl.around(mine, ddl)) {
                apply(part);
            }
            return;
        }
        if (ddl == 0) {
            List<String> before = ColumnDdl.shape(table.schema());
            parts.catalog().discover(true);
            prepare();
            if (ColumnDdl.reshapes(mine.get(0).ddl(), name, before, table.schema())) {
                StreamBackfill.run(table, builder, parts.writer(), parts.source(), keeper,
                        parts.settings().batchRows(), parts.registry(), mine.get(0).ddl());
            }
        }
        List<String> keyNames = table.schema().primaryKey().stream().map(ColumnInfo::name).toList();
        StreamedChanges changes = new StreamedChanges(id -> KeyText.ofId(keyNames, id));
        List<BinlogTransaction> touching = new ArrayList<>();
        for (BinlogTransaction tx : mine) {
            boolean touched = false;
            for (RowChange ch : tx.changes()) {
                if (!ch.table().equalsIgnoreCase(name)) {
                    continue;
                }
                touched = true;
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
            if (touched) {
                touching.add(tx);
            }
        }
        BinlogPosition end = mine.get(mine.size() - 1).end();
        // The checkpoint rule of every batch (ScanLoop.apply): the lease checked (renewed when due, or found lost or
        // too close to expiry) after the batch was read and right before it is written, the sink checking it again
        // right before each request, then the position after the batch stored under the same fence: its write
        // deadline stands for the lease, so the save needs no read of the lease document.
        boolean due = !touching.isEmpty() || System.currentTimeMillis() - savedAt >= IDLE_SAVE_MILLIS;
        ScanLoop.apply(changes, end, keeper, (batch, fence) -> write(batch, end, fence), (after, fence) -> {
            position = after;
            if (due) {
                save(after, fence);
            }
        });
        applied += changes.size();
        for (BinlogTransaction tx : touching) {
            lastLagSeconds = Math.max(0, System.currentTimeMillis() - tx.commitMillis()) / 1000.0;
            lag.record(lastLagSeconds);
        }
    }

    /** Writes the table's changes of a batch ending at {@code end}, and takes deleted rows out of their embedders. */
    private void write(StreamedChanges changes, BinlogPosition end, WriteFence fence) throws Exception {
        if (changes.size() == 0) {
            return;
        }
        List<SourceRow> deleted = changes.write(parts.writer(), table, builder, parts.builders().marksDeletes(),
                new Object[] {BinlogCapture.CURSOR_MARK, end.encode()}, new Counts(), fence);
        if (!deleted.isEmpty() && !table.feeds().isEmpty()) {
            parts.embedded().refresh(table, deleted, fence);
        }
    }

    /** Stores {@code after} as the table's position, on the checkpoint it stored last. */
    private void save(BinlogPosition after, WriteFence fence) {
        TableCheckpoint base = saved != null ? saved : parts.checkpoints().load(name).orElseThrow();
        TableCheckpoint next = base.withCursor(new Object[] {BinlogCapture.CURSOR_MARK, after.encode()});
        lease = keeper.lease();
        parts.checkpoints().save(name, next, fence);
        saved = next;
        savedAt = System.currentTimeMillis();
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
                StreamSchemaBlock.report(name, error, parts.alerts());
                throw again; // this table stops here; the source goes on with the others
            }
        }
    }

    State state() {
        return state;
    }

    /** Whether a row did not fit its columns: the table waits for its reload, its lease kept (no other replica loops). */
    boolean blocked() {
        return state == State.SCHEMA_MISMATCH;
    }

    /** Whether the source's reader delivers this table's events (or is about to). */
    boolean active() {
        return state == State.STREAMING || state == State.STARTING;
    }

    /** The stream's status: state, connection, position, GTID, events per second, lag and error. */
    CaptureStatus status(boolean connected, String connectionError) {
        double seconds = Math.max(1, (System.currentTimeMillis() - startedAt) / 1000.0);
        BinlogPosition at = position;
        String why = error;
        return new CaptureStatus(BinlogCapture.NAME, state.label(), connected, at == null ? null : at.encode(),
                at == null ? null : at.gtid(), Math.round(applied / seconds * 100) / 100.0, lastLagSeconds,
                why != null || connected ? why : connectionError);
    }

    /** Whether another replica streams the table (this one stands by): nothing to repair here. */
    boolean standingBy() {
        return state == State.STANDBY;
    }
}
