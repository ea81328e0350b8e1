package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
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
 * The binlog stream of the source ({@link SourceStreamer}: one connection, one {@code server_id} =
 * {@code SYNC_CDC_SERVER_ID}, one applying thread) and the tables in {@code binlog} capture mode that it serves, each
 * under the table's lease with its own position. A pass of a binlog table calls {@link #ensureRunning} (the table
 * joins the stream); between passes {@link StreamSupervisor} calls {@link #supervise}: the stream stops while the sync
 * is paused and starts again from the tables' checkpoints on resume, a dead stream is restarted, a table that stopped
 * rejoins, a silent connection is broken. A table whose position is no longer on the source is blocked
 * ({@link #gapFor}) until it is reloaded; the others go on.
 *
 * <p>A stream that should run and does not (it could not start, its thread ended, its connection is down) is
 * {@code down} in the status with its last error, and {@code failing} once a restart failed again; it is restarted
 * with a doubling back-off capped at {@value StreamTroubles#MAX_BACKOFF_MILLIS} ms (its connection reconnects by itself with the
 * same cap), counted in {@code sync_cdc_stream_restarts_total} and {@code sync_cdc_streams_down}, and the alert
 * {@code binlog_stream_down} goes out once it has not run for {@value StreamTroubles#DOWN_ALERT_MILLIS} ms (resolved when it runs
 * again).
 */
@ApplicationScoped
public class BinlogStreams implements SupervisedStreams {

    private static final Logger LOG = Logger.getLogger(BinlogStreams.class);
    private static final long STUCK_MILLIS = 120_000;

    private final Map<String, TableContext> streamed = new ConcurrentHashMap<>();
    private final Map<String, String> gaps = new ConcurrentHashMap<>();
    private final StreamTroubles troubles;
    private final StreamerParts parts;
    private final SyncConfig config;
    private final CdcSettings settings;
    private final Config raw;
    private volatile boolean paused;
    private volatile SourceStreamer source;
    private static final long RELEASE_WAIT_MILLIS = 2_000;

    /** What a streamer needs from the engine. */
    record StreamerParts(PageWriter writer, DocumentBuilders builders, EmbeddedDeletes embedded,
            Checkpoints checkpoints, LeaseStore leases, TableCatalog catalog,
            AlertNotifier alerts, MeterRegistry registry, String owner, long leaseMillis, long writeBudgetNanos,
            BinlogSource source, java.time.ZoneId zone, CdcSettings settings) {
    }

    BinlogStreams(PageWriter writer, DocumentBuilders builders, EmbeddedDeletes embedded, Checkpoints checkpoints,
            LeaseStore leases, TableCatalog catalog, AlertNotifier alerts,
            MeterRegistry registry, SyncEngine engine, SyncConfig config, CdcSettings settings, Config raw,
            BinlogSource source, LeaseBudget budget) {
        this.parts = new StreamerParts(writer, builders, embedded, checkpoints, leases, catalog, alerts,
                registry, engine.owner(), config.leaseSeconds() * 1000L, budget.writeBudgetMillis() * 1_000_000L, source,
                java.time.ZoneId.of(config.sourceTimeZone()), settings);
        this.config = config;
        this.settings = settings;
        this.raw = raw;
        this.troubles = new StreamTroubles(alerts);
        io.micrometer.core.instrument.Gauge.builder("sync_cdc_streams_down", troubles, t -> paused ? 0 : t.size())
                .description("Binlog streams that should run on this replica and do not (down or failing)")
                .register(registry);
    }

    /**
     * Makes {@code table} stream from its stored position: it joins the source's stream, or the stream starts (with
     * every table registered here) when it does not run; nothing while the sync is paused.
     *
     * @throws BinlogGapException when the table's position was lost and the table waits for a reload
     */
    public synchronized void ensureRunning(TableContext table) {
        streamed.put(table.name(), table);
        String gap = gaps.get(table.name());
        if (gap != null) {
            throw new BinlogGapException(table.name(), gap);
        }
        SourceStreamer s = source;
        BinlogTableStreamer t = s == null ? null : s.table(table.name());
        if (paused || s != null && s.alive() && t != null && (t.active() || t.blocked())) {
            return; // streaming, or blocked by a schema mismatch until a reload takes it out of the stream
        }
        if (t != null && t.positionLost()) {
            gaps.put(table.name(), t.failure());
            throw new BinlogGapException(table.name(), t.failure());
        }
        if (t != null && t.state() == BinlogTableStreamer.State.FAILED) {
            LOG.warnf("Table %s: restarting its binlog stream from the checkpoint after: %s", table.name(),
                    t.failure());
        }
        BinlogPosition from = positionOf(table.name());
        if (from == null) {
            return;
        }
        if (s != null && s.alive()) {
            s.join(table, from);
        } else {
            startSource();
        }
    }

    /** The table's stored binlog position, or null when it has none (not loaded yet, or polled). */
    private BinlogPosition positionOf(String table) {
        return BinlogCapture.positionOf(parts.checkpoints().load(table).orElse(null));
    }

    /** A new stream of the source, joined by every registered table that has a position and no gap. */
    private void startSource() {
        SourceStreamer old = source;
        if (old != null) {
            old.close();
            old.tables().forEach((name, t) -> {
                if (t.positionLost()) {
                    gaps.put(name, t.failure());
                }
            });
        }
        SourceStreamer started = new SourceStreamer(endpoint(), parts);
        for (TableContext table : streamed.values()) {
            BinlogPosition from = gaps.containsKey(table.name()) ? null : positionOf(table.name());
            if (from != null) {
                started.join(table, from);
            }
        }
        source = started;
        started.start();
    }

    /** Whether {@code table} is supervised here (it streams, stands by, or waits for a restart). */
    public boolean registered(String table) {
        return streamed.containsKey(table);
    }

    @Override
    public String kind() {
        return "binlog";
    }

    /**
     * Registers every table in binlog mode whose checkpoint holds a binlog position and that is not registered yet;
     * discovers the tables first when MySQL did not answer at start-up, so the streams of tables that streamed before
     * start now, not at the next scheduled pass.
     */
    @Override
    public void adopt() {
        TableCatalog catalog = parts.catalog();
        try {
            if (!catalog.discovered()) {
                catalog.discover(false);
            }
            catalog.configuredTables().stream().filter(name -> !registered(name)).map(catalog::table)
                    .flatMap(java.util.Optional::stream).filter(t -> BinlogCapture.NAME.equals(t.captureMode()))
                    .forEach(this::adopt);
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.debugf("Binlog tables not adopted yet: %s", e.getMessage());
        }
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
     * One supervision tick: while {@code pausedNow} the stream is stopped; otherwise it is (re)started when it does not
     * run, every streamed table that stopped rejoins it from its checkpoint, and a silent connection is broken.
     * Returns the tables whose position was lost.
     */
    @Override
    public synchronized Set<String> supervise(boolean pausedNow) {
        if (pausedNow) {
            if (!paused && source != null) {
                LOG.infof("Sync paused: the binlog stream of %s stopped", String.join(", ",
                        new TreeMap<>(streamed).keySet()));
            }
            stopAll();
            paused = true; // only now: a stream shown as paused has stopped
            return Set.copyOf(gaps.keySet());
        }
        if (paused) {
            LOG.infof("Sync resumed: the binlog stream of %s starts from their checkpoints", String.join(", ",
                    new TreeMap<>(streamed).keySet()));
        }
        paused = false;
        long now = System.currentTimeMillis();
        SourceStreamer s = source;
        if (s != null && s.checkSilence(STUCK_MILLIS)) {
            LOG.warnf("The binlog stream has applied nothing for %d s although it runs", STUCK_MILLIS / 1000);
        }
        if (s != null && !s.alive() && s.standingBy()) {
            streamed.keySet().forEach(troubles::recovered); // another replica streams: try the source's lease every tick
            startSource();
            return Set.copyOf(gaps.keySet());
        }
        for (TableContext table : List.copyOf(streamed.values())) {
            s = source;
            BinlogTableStreamer t = s == null ? null : s.table(table.name());
            if (s != null && s.alive() && t != null && (t.active() || t.blocked())) {
                if (healthy(s, t)) {
                    troubles.recovered(table.name());
                } else if (t.state() == BinlogTableStreamer.State.STREAMING) {
                    troubles.note(table.name(), s.lastError(), now); // reconnecting by itself
                }
                continue;
            }
            boolean standby = t != null && t.standingBy();
            if (standby) {
                troubles.recovered(table.name()); // another replica holds the table: try its lease every tick, as always
            }
            StreamTroubles.Trouble tr = standby || gaps.containsKey(table.name()) ? null : troubles.note(table.name(),
                    t != null ? t.failure() : s == null ? null : s.lastError(), now);
            if (tr != null && now < tr.nextAttemptAt) {
                continue; // backing off
            }
            try {
                ensureRunning(table);
            } catch (BinlogGapException e) {
                troubles.forget(table.name()); // blocked: reported by the stream's alert and in the status
            } catch (RuntimeException e) {
                if (tr != null) {
                    tr.error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                LOG.warnf("Table %s: binlog stream not restarted (tried again in %d s): %s", table.name(),
                        tr == null ? 0 : StreamTroubles.backoff(tr.restarts + 1) / 1000, e.getMessage());
            }
            if (tr != null) {
                tr.restarted(now);
                parts.registry().counter("sync_cdc_stream_restarts_total", "table", table.name()).increment();
            }
        }
        return Set.copyOf(gaps.keySet());
    }

    /**
     * Whether {@code t} reads and applies the binlog right now (streaming over an open connection), or is blocked on
     * purpose ({@code schema_mismatch}: nothing a restart could repair; the status shows it blocked).
     */
    private static boolean healthy(SourceStreamer s, BinlogTableStreamer t) {
        return s.alive() && (t.state() == BinlogTableStreamer.State.STREAMING && s.connected() || t.blocked());
    }

    /** Takes {@code table} out of the stream (if in) and clears its gap: the next {@link #ensureRunning} joins it afresh. */
    public synchronized void restartFrom(TableContext table, BinlogPosition from) {
        SourceStreamer s = source;
        if (s != null) {
            s.leave(table.name());
        }
        gaps.remove(table.name());
    }

    /** Whether {@code table}'s stream lost its position (purged binlog) and the table waits for a reload. */
    public boolean gapFor(String table) {
        return gaps.containsKey(table);
    }

    /** Whether any table streams (or streamed and waits) on this replica. */
    @Override
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
        SourceStreamer s = source;
        BinlogTableStreamer t = s == null ? null : s.table(table);
        // connected: this table's events are read over an open connection now (not while it waits or is blocked)
        CaptureStatus one = t != null ? t.status(s.connected() && t.state() == BinlogTableStreamer.State.STREAMING,
                s.lastError())
                : CaptureStatus.of(BinlogCapture.NAME).in("stopped", null);
        if (gaps.containsKey(table)) {
            return one.in("position_lost", gaps.get(table));
        }
        if (paused) {
            return one.in("paused", null);
        }
        StreamTroubles.Trouble trouble = troubles.of(table);
        boolean up = t != null && (healthy(s, t) || t.standingBy());
        if (trouble != null && !up) {
            String error = one.error() != null ? one.error() : trouble.error;
            return one.in(trouble.restarts >= 2 ? "failing" : "down", error == null ? "not running yet" : error);
        }
        return one;
    }

    /** The source's stream, or null (tests). */
    SourceStreamer source() {
        return source;
    }

    /** Stops the stream (pause, shutdown); the tables stay registered for {@link #supervise}. */
    public synchronized void stopAll() {
        SourceStreamer s = source;
        if (s != null) {
            s.close();
            s.tables().forEach((name, t) -> {
                if (t.positionLost()) {
                    gaps.put(name, t.failure());
                }
            });
        }
        source = null;
    }

    /**
     * SIGTERM: stops the stream, then gives back the source's lease and its tables' (within 2 s, the process ends
     * within 10 s), so a standby replica streams at once instead of after the lease time.
     */
    void shutdown(@Observes ShutdownEvent event) {
        paused = true;
        SourceStreamer s = source;
        stopAll();
        if (s != null) {
            s.release(RELEASE_WAIT_MILLIS);
        }
    }

    /** Where the source's binlog is read, as whom, and with which server_id ({@code SYNC_CDC_SERVER_ID}). */
    private BinlogStream.Endpoint endpoint() {
        String url = raw.getValue("quarkus.datasource.jdbc.url", String.class);
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = uri.getPath().replaceFirst("^/", "");
        String user = raw.getOptionalValue("quarkus.datasource.username", String.class).orElse("root");
        String password = raw.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return new BinlogStream.Endpoint(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), user, password,
                database, settings.serverId());
    }
}
