package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogSource;
import io.mysqlmongosync.source.binlog.BinlogStream;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The running binlog streams, one per table in {@code binlog} capture mode, each under the table's lease and
 * registered with its own server_id ({@code SYNC_CDC_SERVER_ID} plus the table's position in SYNC_TABLES). A pass
 * of a binlog table calls {@link #ensureRunning}; between passes {@link BinlogSupervisor} calls {@link #supervise}:
 * streams stop while the sync is paused and start again from their checkpoints on resume, a dead stream is
 * restarted, a silent connection broken. A stream whose position is no longer on the source blocks its table
 * ({@link #gapFor}) until it is reloaded.
 */
@ApplicationScoped
public class BinlogStreams {

    private static final Logger LOG = Logger.getLogger(BinlogStreams.class);
    private static final long STUCK_MILLIS = 120_000;

    private final Map<String, BinlogTableStreamer> running = new ConcurrentHashMap<>();
    private final Map<String, TableContext> streamed = new ConcurrentHashMap<>();
    private final Map<String, String> gaps = new ConcurrentHashMap<>();
    private final StreamerParts parts;
    private final SyncConfig config;
    private final CdcSettings settings;
    private final Config raw;
    private volatile boolean paused;

    /** What a streamer needs from the engine. */
    record StreamerParts(PageWriter writer, DocumentBuilders builders, EmbeddedDeletes embedded,
            Checkpoints checkpoints, CheckpointStore store, LeaseStore leases, TableCatalog catalog,
            AlertNotifier alerts, MeterRegistry registry, String owner, long leaseMillis, long writeBudgetNanos,
            BinlogSource source, java.time.ZoneId zone) {
    }

    BinlogStreams(PageWriter writer, DocumentBuilders builders, EmbeddedDeletes embedded, Checkpoints checkpoints,
            CheckpointStore store, LeaseStore leases, TableCatalog catalog, AlertNotifier alerts,
            MeterRegistry registry, SyncEngine engine, SyncConfig config, CdcSettings settings, Config raw,
            BinlogSource source, LeaseBudget budget) {
        this.parts = new StreamerParts(writer, builders, embedded, checkpoints, store, leases, catalog, alerts,
                registry, engine.owner(), config.leaseSeconds() * 1000L, budget.writeBudgetMillis() * 1_000_000L, source,
                java.time.ZoneId.of(config.sourceTimeZone()));
        this.config = config;
        this.settings = settings;
        this.raw = raw;
    }

    /**
     * Starts {@code table}'s stream from its stored position unless it runs (or the sync is paused); restarts a
     * dead one.
     *
     * @throws BinlogGapException when the table's position was lost and the table waits for a reload
     */
    public synchronized void ensureRunning(TableContext table) {
        streamed.put(table.name(), table);
        String gap = gaps.get(table.name());
        if (gap != null) {
            throw new BinlogGapException(table.name(), gap);
        }
        BinlogTableStreamer s = running.get(table.name());
        if (paused || s != null && s.alive()) {
            return;
        }
        if (s != null) {
            s.close();
            if (s.positionLost()) {
                gaps.put(table.name(), s.failure());
                throw new BinlogGapException(table.name(), s.failure());
            }
            if (s.state() == BinlogTableStreamer.State.FAILED) {
                LOG.warnf("Table %s: restarting its binlog stream from the checkpoint after: %s", table.name(),
                        s.failure());
            }
        }
        BinlogPosition from = BinlogCapture.positionOf(parts.checkpoints().load(table.name()).orElse(null));
        if (from == null) {
            running.remove(table.name());
            return;
        }
        BinlogTableStreamer started = new BinlogTableStreamer(table, stream(table, from), from, parts, settings);
        running.put(table.name(), started);
        started.start();
    }

    /** Whether {@code table} is supervised here (it streams, stands by, or waits for a restart). */
    public boolean registered(String table) {
        return streamed.containsKey(table);
    }

    /**
     * Registers {@code table} for supervision when its checkpoint holds a binlog position (it streamed before this
     * process started): the next {@link #supervise} starts its stream unless the sync is paused.
     */
    public void adopt(TableContext table) {
        if (BinlogCapture.positionOf(parts.checkpoints().load(table.name()).orElse(null)) != null) {
            streamed.putIfAbsent(table.name(), table);
        }
    }

    /**
     * One supervision tick: while {@code pausedNow} every stream is stopped; otherwise every streamed table's stream
     * is (re)started from its checkpoint when it is not running, and a silent connection is broken. Returns the
     * tables whose position was lost.
     */
    public synchronized Set<String> supervise(boolean pausedNow) {
        if (pausedNow) {
            if (!paused && !running.isEmpty()) {
                LOG.infof("Sync paused: binlog streams of %s stopped", String.join(", ", new TreeMap<>(running)
                        .keySet()));
            }
            stopAll();
            paused = true; // only now: a stream shown as paused has stopped
            return Set.copyOf(gaps.keySet());
        }
        if (paused) {
            LOG.infof("Sync resumed: binlog streams of %s start from their checkpoints", String.join(", ",
                    new TreeMap<>(streamed).keySet()));
        }
        paused = false;
        for (TableContext table : List.copyOf(streamed.values())) {
            BinlogTableStreamer s = running.get(table.name());
            if (s != null && s.alive()) {
                if (s.checkSilence(STUCK_MILLIS)) {
                    LOG.warnf("Table %s: its binlog stream has applied nothing for %d s although it runs", table.name(),
                            STUCK_MILLIS / 1000);
                }
                continue;
            }
            try {
                ensureRunning(table);
            } catch (BinlogGapException e) {
                // blocked: reported by the stream's alert and in the status
            } catch (RuntimeException e) {
                LOG.warnf("Table %s: binlog stream not restarted (next tick tries again): %s", table.name(),
                        e.getMessage());
            }
        }
        return Set.copyOf(gaps.keySet());
    }

    /** Stops {@code table}'s stream (if any) and clears its gap: the next {@link #ensureRunning} starts afresh. */
    public synchronized void restartFrom(TableContext table, BinlogPosition from) {
        BinlogTableStreamer s = running.remove(table.name());
        if (s != null) {
            s.close();
        }
        gaps.remove(table.name());
    }

    /** Whether {@code table}'s stream lost its position (purged binlog) and the table waits for a reload. */
    public boolean gapFor(String table) {
        return gaps.containsKey(table);
    }

    /** Whether any table streams (or streamed and waits) on this replica. */
    public boolean active() {
        return !streamed.isEmpty();
    }

    /** Whether the streams are stopped because the sync is paused. */
    public boolean paused() {
        return paused;
    }

    /**
     * Status of each table streamed by this replica: capture mode, stream state, connection, position, GTID,
     * events/s, lag and error (a blocked table: {@code position_lost} with the reason).
     */
    public Map<String, CaptureStatus> status() {
        Map<String, CaptureStatus> out = new TreeMap<>();
        streamed.keySet().forEach(t -> out.put(t, status(t)));
        return out;
    }

    /** The status of {@code table}'s stream, or null when this replica does not stream it. */
    public CaptureStatus status(String table) {
        if (!streamed.containsKey(table)) {
            return null;
        }
        BinlogTableStreamer s = running.get(table);
        CaptureStatus one = s != null ? s.status() : CaptureStatus.of(BinlogCapture.NAME).in("stopped", null);
        if (gaps.containsKey(table)) {
            return one.in("position_lost", gaps.get(table));
        }
        return paused ? one.in("paused", null) : one;
    }

    /** The streamer of {@code table}, or null (tests). */
    BinlogTableStreamer streamer(String table) {
        return running.get(table);
    }

    /** Stops every stream (pause, shutdown); the tables stay registered for {@link #supervise}. */
    public synchronized void stopAll() {
        running.values().forEach(BinlogTableStreamer::close);
        running.clear();
    }

    void shutdown(@Observes ShutdownEvent event) {
        paused = true;
        stopAll();
    }

    private BinlogStream stream(TableContext table, BinlogPosition from) {
        String url = raw.getValue("quarkus.datasource.jdbc.url", String.class);
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = uri.getPath().replaceFirst("^/", "");
        String user = raw.getOptionalValue("quarkus.datasource.username", String.class).orElse("root");
        String password = raw.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        long serverId = settings.serverId() + Math.max(0, config.tables().indexOf(table.name()));
        BinlogStream.Endpoint endpoint = new BinlogStream.Endpoint(uri.getHost(), uri.getPort() < 0 ? 3306
                : uri.getPort(), user, password, database, serverId);
        return new BinlogStream(endpoint, Set.of(table.name().toLowerCase(java.util.Locale.ROOT)), from, 5_000);
    }
}
