package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogStream;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * The running binlog streams, one per table in {@code binlog} capture mode, each under the table's lease and
 * registered with its own server_id ({@code SYNC_CDC_SERVER_ID} plus the table's position in SYNC_TABLES). A
 * pass of a binlog table calls {@link #ensureRunning}, which starts the stream or restarts a dead one; a lost
 * position is remembered ({@link #gapFor}) so the table is paused with an alert, or reloaded when
 * {@code SYNC_CDC_RESNAPSHOT_ON_GAP=true}.
 */
@ApplicationScoped
public class BinlogStreams {

    private final Map<String, BinlogTableStreamer> running = new ConcurrentHashMap<>();
    private final Set<String> gaps = ConcurrentHashMap.newKeySet();
    private final StreamerParts parts;
    private final SyncConfig config;
    private final CdcSettings settings;
    private final Config raw;

    /** What a streamer needs from the engine. */
    record StreamerParts(PageWriter writer, DocumentBuilders builders, Checkpoints checkpoints, CheckpointStore store,
            LeaseStore leases, TableCatalog catalog, AlertNotifier alerts, MeterRegistry registry, String owner,
            long leaseMillis, javax.sql.DataSource dataSource, java.time.ZoneId zone) {
    }

    BinlogStreams(PageWriter writer, DocumentBuilders builders, Checkpoints checkpoints, CheckpointStore store,
            LeaseStore leases, TableCatalog catalog, AlertNotifier alerts, MeterRegistry registry, SyncEngine engine,
            SyncConfig config, CdcSettings settings, Config raw, javax.sql.DataSource dataSource) {
        this.parts = new StreamerParts(writer, builders, checkpoints, store, leases, catalog, alerts, registry,
                engine.owner(), config.leaseSeconds() * 1000L, dataSource, java.time.ZoneId.of(config.sourceTimeZone()));
        this.config = config;
        this.settings = settings;
        this.raw = raw;
    }

    /** Starts {@code table}'s stream from its stored position unless it runs; restarts a dead one. */
    public synchronized void ensureRunning(TableContext table) {
        BinlogTableStreamer s = running.get(table.name());
        if (s != null && s.alive()) {
            return;
        }
        if (s != null) {
            s.close();
            if (s.positionLost()) {
                gaps.add(table.name());
                running.remove(table.name());
                throw new CriticalSyncException("binlog_position_lost", "Table " + table.name() + ": " + s.failure()
                        + "; the table is paused. Set SYNC_CDC_RESNAPSHOT_ON_GAP=true to reload it instead", null);
            }
        }
        BinlogPosition from = BinlogCapture.positionOf(parts.checkpoints().load(table.name()).orElse(null));
        if (from == null) {
            return;
        }
        BinlogTableStreamer started = new BinlogTableStreamer(table, stream(table, from), parts, settings);
        running.put(table.name(), started);
        started.start();
    }

    /** Stops {@code table}'s stream (if any) so that the next {@link #ensureRunning} starts from {@code from}. */
    public synchronized void restartFrom(TableContext table, BinlogPosition from) {
        BinlogTableStreamer s = running.remove(table.name());
        if (s != null) {
            s.close();
        }
        gaps.remove(table.name());
    }

    /** Whether {@code table}'s stream lost its position (purged binlog) and the table waits for a reload. */
    public boolean gapFor(String table) {
        return gaps.contains(table);
    }

    /** Status of each streamed table: capture mode, position, events/s, lag. */
    public Map<String, Map<String, Object>> status() {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        running.forEach((t, s) -> out.put(t, s.status()));
        return out;
    }

    /** Stops every stream (pause, shutdown). */
    public synchronized void stopAll() {
        running.values().forEach(BinlogTableStreamer::close);
        running.clear();
    }

    void shutdown(@Observes ShutdownEvent event) {
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
