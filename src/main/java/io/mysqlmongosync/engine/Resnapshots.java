package io.mysqlmongosync.engine;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The operator's re-snapshot of one table ({@code POST /sync/resnapshot/{table}}): reloads it in chunks under its
 * lease and removes the documents of rows that no longer exist ({@link SyncEngine#resnapshot}: a forced full pass
 * with reconciliation), on a thread of its own, so runs of the other tables go on meanwhile (outside the run slot).
 * In binlog mode the pass records the binlog position before the load and restarts the table's stream from it
 * afterwards (BinlogCapture), so the stream of every other table never stops. Refused while this replica already
 * re-snapshots, syncs or repairs the table ({@link SyncEngine#reserve}), or another replica holds its lease; a run
 * of this replica skips the table until the re-snapshot is over.
 */
@ApplicationScoped
public class Resnapshots {

    private static final Logger LOG = Logger.getLogger(Resnapshots.class);

    private final TableCatalog catalog;
    private final SyncEngine engine;
    private final TableLeases leases;
    private final SchemaDriftDetector drift;
    private final RecentResults results;
    private final Map<String, Resnapshot> latest = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sync-resnapshot");
        t.setDaemon(true);
        return t;
    });

    Resnapshots(TableCatalog catalog, SyncEngine engine, TableLeases leases, SchemaDriftDetector drift,
            RecentResults results) {
        this.results = results;
        this.catalog = catalog;
        this.engine = engine;
        this.leases = leases;
        this.drift = drift;
    }

    /**
     * One re-snapshot: started, then finished with the pass's result.
     *
     * @param result the pass's result; null while it runs
     */
    public record Resnapshot(String id, String table, Instant startedAt, TableResult result) {
    }

    /** The latest re-snapshot of {@code table} on this replica, or null. */
    public Resnapshot latest(String table) {
        return latest.get(table);
    }

    /**
     * Starts the re-snapshot of {@code table} in the background.
     *
     * @throws UnknownTableException when the table is not in SYNC_TABLES
     * @throws TableBusyException while a re-snapshot, run or repair of the table is in progress
     */
    public Resnapshot start(String table) {
        UnknownTableException.requireConfigured(catalog, table);
        String holder = leases.holder(table);
        if (holder != null && !holder.equals(engine.owner())) {
            throw new TableBusyException(table, "its lease is held by " + holder + " (a pass of another replica)");
        }
        if (!engine.reserve(table)) {
            throw new TableBusyException(table, "a re-snapshot, run or repair of it is in progress on this replica");
        }
        Resnapshot started = new Resnapshot(UUID.randomUUID().toString(), table, Instant.now(), null);
        latest.put(table, started);
        try {
            executor.submit(() -> execute(started));
        } catch (RuntimeException e) {
            engine.release(table);
            throw e;
        }
        return started;
    }

    private void execute(Resnapshot started) {
        String table = started.table();
        TableResult result;
        try {
            LOG.infof("Re-snapshot %s of table %s started: reloading it while the other tables go on", started.id(),
                    table);
            TableContext context = catalog.discover().get(table);
            String blocked = context == null ? null : drift.check(context.schema());
            if (context == null) {
                result = TableResult.failed(table, "full", 0, 0, "the table was not found in MySQL", null);
            } else if (blocked != null) {
                result = TableResult.blocked(table, blocked);
            } else {
                result = engine.resnapshot(context);
            }
        } catch (Exception e) {
            result = TableResult.failed(table, "full", 0, 0, String.valueOf(e.getMessage()), null);
        } finally {
            engine.release(table);
        }
        latest.put(table, new Resnapshot(started.id(), table, started.startedAt(), result));
        results.tableFinished(started.id(), Instant.now(), result); // the table's last_result in /sync/status
        LOG.infof("Re-snapshot %s of table %s ended %s: %d read, %d written, %d removed%s", started.id(), table,
                result.status(), result.read(), result.created() + result.updated(), result.hardDeleted(),
                result.error() == null ? "" : " (" + result.error() + ")");
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
