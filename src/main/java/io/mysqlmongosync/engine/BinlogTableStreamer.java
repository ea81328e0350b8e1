package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.sink.Lease;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogStream;
import io.mysqlmongosync.source.binlog.BinlogTable;
import io.mysqlmongosync.source.binlog.BinlogTransaction;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.mysqlmongosync.source.binlog.PositionLostException;
import io.mysqlmongosync.source.binlog.RowChange;
import io.mysqlmongosync.source.binlog.SchemaMismatchException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile String error;
    private volatile BinlogPosition position;
    private volatile double lastLagSeconds;
    private volatile long applied;
    private final long startedAt = System.currentTimeMillis();

    BinlogTableStreamer(TableContext table, BinlogStream stream, BinlogStreams.StreamerParts parts,
            CdcSettings settings) {
        this.name = table.name();
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
            lease = parts.leases().take(name, parts.owner(), parts.leaseMillis());
            if (lease == null) {
                LOG.infof("Table %s: another replica holds its lease and streams it", name);
                return;
            }
            parts.store().claim(lease);
            prepare();
            stream.start();
            while (!stopped) {
                List<BinlogTransaction> txs = stream.poll(settings.batchRows(), settings.batchMillis());
                if (txs.isEmpty()) {
                    stream.checkSilence();
                    if (stream.failure() != null) {
                        alert();
                        return;
                    }
                    continue;
                }
                apply(txs);
            }
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "Table %s: binlog stream stopped: %s", name, error);
        } finally {
            stream.close();
        }
    }

    private void alert() {
        LOG.errorf("Table %s: %s", name, stream.failure().getMessage());
        parts.alerts().alert("binlog_position_lost", "Table " + name + ": " + stream.failure().getMessage()
                + "; streaming stopped. Set SYNC_CDC_RESNAPSHOT_ON_GAP=true to reload the table instead.");
    }

    private void prepare() throws Exception {
        table = parts.catalog().table(name).orElse(table);
        builder = parts.builders().forTable(table);
        try (Connection c = parts.dataSource().getConnection()) {
            decoder = BinlogTable.of(c, table.schema(), table.converter(), parts.zone());
        }
    }

    private void apply(List<BinlogTransaction> txs) throws Exception {
        boolean ddl = txs.stream().anyMatch(t -> t.ddl() != null
                && t.ddl().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)));
        if (ddl) {
            parts.catalog().discover(true);
            prepare();
        }
        Map<Object, Object> last = new LinkedHashMap<>(); // _id -> SourceRow, or DELETED
        List<ChangeBatch.Rejected> rejected = new ArrayList<>(0);
        int size = 0;
        for (BinlogTransaction tx : txs) {
            for (RowChange ch : tx.changes()) {
                size++;
                events.get(ch.type()).increment();
                reduce(ch, last, rejected);
            }
        }
        BinlogTransaction end = txs.get(txs.size() - 1);
        if (size > 0) {
            write(last, rejected, size, end.end());
        }
        lease = parts.leases().renew(lease, parts.leaseMillis());
        TableCheckpoint cp = parts.checkpoints().load(name).orElseThrow();
        parts.store().save(name, cp.withCursor(new Object[] {BinlogCapture.CURSOR_MARK, end.end().encode()}), lease);
        position = end.end();
        applied += size;
        if (size > 0) {
            for (BinlogTransaction tx : txs) {
                lastLagSeconds = Math.max(0, System.currentTimeMillis() - tx.commitMillis()) / 1000.0;
                lag.record(lastLagSeconds);
            }
        }
    }

    private void reduce(RowChange ch, Map<Object, Object> last, List<ChangeBatch.Rejected> rejected)
            throws Exception {
        try {
            SourceRow row = convert(ch.type() == RowChange.Type.DELETE ? ch.before() : ch.after());
            last.remove(row.id()); // keep the order of the last change per key
            last.put(row.id(), ch.type() == RowChange.Type.DELETE ? (Object) Boolean.FALSE : row);
        } catch (ConversionException e) {
            rejected.add(new ChangeBatch.Rejected("binlog " + ch.type(), e.getMessage(), 0));
        }
    }

    private SourceRow convert(java.io.Serializable[] image) throws Exception {
        try {
            return decoder.convert(image);
        } catch (SchemaMismatchException e) {
            LOG.infof("Table %s: %s; re-discovering the table", name, e.getMessage());
            parts.catalog().discover(true);
            prepare();
            return decoder.convert(image);
        }
    }

    private void write(Map<Object, Object> last, List<ChangeBatch.Rejected> rejected, int size, BinlogPosition end)
            throws Exception {
        List<SourceRow> upserts = new ArrayList<>();
        List<Object> deletes = new ArrayList<>();
        last.forEach((id, v) -> {
            if (v instanceof SourceRow r) {
                upserts.add(r);
            } else {
                deletes.add(id);
            }
        });
        ChangeBatch batch = new ChangeBatch(upserts, deletes, rejected, upserts.size() + deletes.size()
                + rejected.size(), new Object[] {BinlogCapture.CURSOR_MARK, end.encode()});
        parts.writer().write(table, builder, batch, WriteMode.STREAM, -1, new Counts());
    }

    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("capture_mode", BinlogCapture.NAME);
        s.put("position", position == null ? null : position.encode());
        s.put("gtid", position == null ? null : position.gtid());
        s.put("connected", stream.connected());
        double seconds = Math.max(1, (System.currentTimeMillis() - startedAt) / 1000.0);
        s.put("events_per_second", applied / seconds);
        s.put("lag_seconds", lastLagSeconds);
        s.put("error", failure());
        return s;
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
