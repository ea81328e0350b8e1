package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.target.LeaseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one pass over a set of tables, in configured order. A table is synced only under its lease, so two
 * replicas never sync the same table at once; a failing table is reported and the run goes on with the next.
 * Holds no HTTP or scheduler types: the control plane calls {@link #run}.
 */
@ApplicationScoped
public class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private final TableCatalog catalog;
    private final TableSynchronizer synchronizer;
    private final LeaseStore leases;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final SchemaDriftDetector drift;
    private final String owner;
    private final Map<String, TableProgress> progress = new ConcurrentHashMap<>();

    SyncEngine(TableCatalog catalog, TableSynchronizer synchronizer, LeaseStore leases, SyncMetrics metrics,
            SyncConfig config, SchemaDriftDetector drift) {
        this.drift = drift;
        this.catalog = catalog;
        this.synchronizer = synchronizer;
        this.leases = leases;
        this.metrics = metrics;
        this.config = config;
        this.owner = config.owner().filter(s -> !s.isBlank()).orElseGet(SyncEngine::defaultOwner);
    }

    /** This replica's lease owner id. */
    public String owner() {
        return owner;
    }

    /** Live progress of the tables of the current (or last) run. */
    public Map<String, TableProgress> progress() {
        return Map.copyOf(progress);
    }

    /**
     * Syncs {@code tables} (all configured tables when null or empty); {@code forceFull} reloads them.
     *
     * @throws SQLException when the tables cannot be discovered (MySQL unreachable)
     */
    public RunResult run(String trigger, List<String> tables, boolean forceFull) throws SQLException {
        return run(UUID.randomUUID().toString(), trigger, tables, forceFull, owner);
    }

    /** As {@link #run(String, List, boolean)}, with the run id chosen by the caller. */
    public RunResult run(String id, String trigger, List<String> tables, boolean forceFull) throws SQLException {
        return run(id, trigger, tables, forceFull, owner);
    }

    /** As {@link #run(String, List, boolean)}, leasing tables as {@code leaseOwner}. */
    public RunResult run(String id, String trigger, List<String> tables, boolean forceFull, String leaseOwner)
            throws SQLException {
        return run(id, trigger, tables, forceFull, false, leaseOwner);
    }

    /** The full form: {@code reconcile} also removes documents of hard-deleted rows. */
    public RunResult run(String id, String trigger, List<String> tables, boolean forceFull, boolean reconcile,
            String leaseOwner) throws SQLException {
        Instant started = Instant.now();
        // Discover afresh every run: added, dropped or changed columns are picked up without a restart.
        Map<String, TableContext> all = catalog.discover();
        Collection<String> names = tables == null || tables.isEmpty() ? all.keySet() : withEmbedded(tables, all);
        List<TableResult> results = new ArrayList<>();
        for (String name : names) {
            TableContext table = all.get(name);
            if (table == null) {
                throw new UnknownTableException(name, all.keySet());
            }
            String blocked = drift.check(table.schema());
            if (blocked != null) {
                results.add(new TableResult(name, "blocked", "none", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        "blocked by schema drift: " + blocked, null));
                continue;
            }
            TableResult r = runTable(table, forceFull, reconcile, leaseOwner);
            results.add(r);
            if (r.critical() != null) {
                break; // retrying the next table cannot help: credentials, privileges, storage
            }
        }
        String status = RunResult.statusOf(results);
        RunResult result = new RunResult(id, trigger, started, Instant.now(), status, List.copyOf(results));
        metrics.run(status, Duration.between(started, result.finishedAt()));
        return result;
    }

    /** The requested tables plus the tables read only to be embedded in them (mapping file), each once. */
    private static Collection<String> withEmbedded(List<String> tables, Map<String, TableContext> all) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(tables);
        for (String name : tables) {
            TableContext t = all.get(name);
            if (t != null) {
                t.embeds().stream().map(r -> all.get(r.source())).filter(s -> s != null && !s.ownCollection())
                        .forEach(s -> out.add(s.name()));
            }
        }
        return out;
    }

    private TableResult runTable(TableContext table, boolean forceFull, boolean reconcile, String leaseOwner) {
        long ttl = config.leaseSeconds() * 1000L;
        if (!leases.acquire(table.name(), leaseOwner, ttl)) {
            String holder = leases.holder(table.name());
            LOG.infof("Table %s skipped: its lease is held by %s", table.name(), holder);
            return new TableResult(table.name(), "skipped", "none", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    "lease held by " + holder, null);
        }
        TableProgress p = new TableProgress(table.name(), "starting", table.schema().estimatedRows());
        progress.put(table.name(), p);
        long start = System.nanoTime();
        try {
            TableResult r = synchronizer.sync(table, forceFull, reconcile, p, () -> {
                if (!leases.acquire(table.name(), leaseOwner, ttl)) {
                    throw new IllegalStateException("lost the lease on " + table.name());
                }
            });
            logCompletion(r);
            return r;
        } catch (Exception e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String critical = CriticalSyncException.reasonOf(e);
            metrics.error(critical != null ? critical : e instanceof SQLException ? "mysql"
                    : e.getClass().getName().startsWith("com.mongodb") ? "mongodb" : "sync");
            LOG.errorf(e, "Table %s failed after %d ms: %s", table.name(), ms, e.getMessage());
            return new TableResult(table.name(), "failed", p.mode(), p.done(), 0, 0, 0, 0, 0, 0, 0, ms,
                    String.valueOf(e.getMessage()), critical);
        } finally {
            leases.release(table.name(), leaseOwner);
        }
    }

    private static void logCompletion(TableResult r) {
        MDC.put("component", "sync_service");
        MDC.put("table", r.table());
        MDC.put("operation", "sync_completed");
        MDC.put("records_processed", String.valueOf(r.read()));
        MDC.put("records_updated", String.valueOf(r.updated()));
        MDC.put("records_created", String.valueOf(r.created()));
        MDC.put("duration_seconds", String.valueOf(r.durationMillis() / 1000.0));
        MDC.put("errors", String.valueOf(r.skipped()));
        try {
            LOG.infof("Table %s synced (%s): %d read, %d created, %d updated, %d unchanged, %d skipped, %d conflicts in %d ms",
                    r.table(), r.mode(), r.read(), r.created(), r.updated(), r.unchanged(), r.skipped(), r.conflict(),
                    r.durationMillis());
        } finally {
            for (String k : new String[] {"component", "table", "operation", "records_processed", "records_updated",
                "records_created", "duration_seconds", "errors"}) {
                MDC.remove(k);
            }
        }
    }

    private static String defaultOwner() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "replica-" + UUID.randomUUID();
        }
    }
}
