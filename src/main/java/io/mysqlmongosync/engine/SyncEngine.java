package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.ReplicaOwner;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.MongoFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs one pass over a set of tables: up to SYNC_PARALLEL_TABLES ordered groups of tables at once, results in
 * configured order. A table is synced only under its lease, so two replicas never sync the same table at once; a
 * failing table is reported and the run goes on with the next, a critical error stops starting further tables.
 * Holds no HTTP or scheduler types: the control plane calls {@link #run}.
 */
@ApplicationScoped
public class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private final TableCatalog catalog;
    private final TableSynchronizer synchronizer;
    private final TableLeases leases;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final SchemaDriftDetector drift;
    private final String owner;
    private final Map<String, TableProgress> progress = new ConcurrentHashMap<>();
    private final java.util.Set<String> syncing = ConcurrentHashMap.newKeySet();
    /** Tables a re-snapshot or a repair of this replica reserved: a run skips them (see {@link #reserve}). */
    private final java.util.Set<String> reserved = ConcurrentHashMap.newKeySet();
    private volatile Map<String, TableResult> finishedInRun = Map.of();
    /** Tables being synced now → System.nanoTime() of their last written page (or their start). */
    private final Map<String, Long> lastPage = new ConcurrentHashMap<>();
    /** Tables being synced now that the run watchdog aborted → why. */
    private final Map<String, String> aborted = new ConcurrentHashMap<>();
    private final io.mysqlmongosync.source.SourceCalls sourceCalls;
    private final TableLoader loader;

    SyncEngine(TableCatalog catalog, TableSynchronizer synchronizer, TableLeases leases, SyncMetrics metrics,
            SyncConfig config, SchemaDriftDetector drift, io.mysqlmongosync.source.SourceCalls sourceCalls,
            TableLoader loader) {
        this.sourceCalls = sourceCalls;
        this.loader = loader;
        this.drift = drift;
        this.catalog = catalog;
        this.synchronizer = synchronizer;
        this.leases = leases;
        this.metrics = metrics;
        this.config = config;
        this.owner = ReplicaOwner.of(config);
    }

    /** This replica's lease owner id. */
    public String owner() {
        return owner;
    }

    /**
     * The tables being synced now that have written no page for at least {@code limit}, with how long: the run
     * watchdog behind liveness (a remote call that never returns, a retry loop that cannot succeed).
     */
    public Map<String, Duration> stalled(Duration limit) {
        long now = System.nanoTime();
        Map<String, Duration> out = new java.util.TreeMap<>();
        lastPage.forEach((table, at) -> {
            Duration idle = Duration.ofNanos(now - at);
            if (idle.compareTo(limit) >= 0) {
                out.put(table, idle);
            }
        });
        return out;
    }

    /**
     * The run watchdog: aborts every table of the running run that has written no page for {@code limit} (see
     * {@link #stalled}): its MySQL reads are aborted at once (their connections closed under the blocked socket
     * read, no retry), a MongoDB call ends within its socket timeout and the table then stops at its next page. The
     * table ends {@code failed} with the reason; the next pass resumes it from its checkpoint. Returns the tables
     * aborted by this call.
     */
    public List<String> abortStalled(Duration limit) {
        List<String> out = new ArrayList<>();
        stalled(limit).forEach((table, idle) -> {
            String reason = "aborted by the watchdog after " + idle.toSeconds() + " s without progress"
                    + " (SYNC_STALL_TIMEOUT_SECONDS=" + limit.toSeconds() + ")";
            if (aborted.putIfAbsent(table, reason) == null) {
                int closed = sourceCalls.abort(table, reason);
                LOG.warnf("Table %s %s: %d MySQL connection(s) aborted; the next pass resumes it from its checkpoint",
                        table, reason, closed);
                out.add(table);
            }
        });
        return out;
    }

    /** Live progress of the tables of the current (or last) run. */
    public Map<String, TableProgress> progress() {
        return Map.copyOf(progress);
    }

    /** The tables being synced right now (holding their lease, pass in progress). */
    public java.util.Set<String> syncing() {
        return java.util.Set.copyOf(syncing);
    }

    /**
     * Reserves {@code table} for a re-snapshot or a repair of this replica: false when this replica syncs it now or
     * it is reserved already. While reserved, a run of this replica skips the table (the lease alone cannot say so:
     * this replica's run would renew the same lease). Each side marks itself before it looks at the other, so at
     * most one of them goes ahead. Give it back with {@link #release}.
     */
    public boolean reserve(String table) {
        if (!reserved.add(table)) {
            return false;
        }
        if (syncing.contains(table)) {
            reserved.remove(table);
            return false;
        }
        return true;
    }

    /** Gives back a table {@link #reserve reserved} before. */
    public void release(String table) {
        reserved.remove(table);
    }

    /**
     * Reloads {@code table}, which the caller {@link #reserve reserved}, under its lease while runs go on with the
     * other tables: a forced full pass that also removes the documents of rows that no longer exist (in binlog mode
     * it records the binlog position first and restarts the table's stream from it, see BinlogCapture).
     */
    public TableResult resnapshot(TableContext table) {
        try {
            return runLeased(table, new Request(true, true, owner));
        } finally {
            syncing.remove(table.name());
        }
    }

    /** The results of the tables the current (or last) run has finished so far. */
    public Map<String, TableResult> finishedInRun() {
        return Map.copyOf(finishedInRun);
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
        Collection<String> names = tables == null || tables.isEmpty() ? all.keySet()
                : RunGroups.withEmbedded(tables, all);
        List<TableContext> selected = new ArrayList<>(names.size());
        for (String name : names) { // withEmbedded: a table named twice runs once
            TableContext table = all.get(name);
            if (table == null) {
                throw new UnknownTableException(name, all.keySet());
            }
            selected.add(table);
        }
        Map<String, TableResult> byTable = new ConcurrentHashMap<>();
        finishedInRun = byTable;
        runGroups(RunGroups.groupsOf(selected), new Request(forceFull, reconcile, leaseOwner), byTable);
        // Results in configured order; tables not started after a critical error are left out, as before.
        List<TableResult> results = selected.stream().map(t -> byTable.get(t.name())).filter(r -> r != null).toList();
        String status = RunResult.statusOf(results);
        RunResult result = new RunResult(id, trigger, started, Instant.now(), status, results);
        metrics.run(status, Duration.between(started, result.finishedAt()));
        return result;
    }

    /** What a run asks of each table. */
    private record Request(boolean forceFull, boolean reconcile, String leaseOwner) {
    }

    /**
     * Runs the groups one after the other, or up to SYNC_PARALLEL_TABLES of them at once; waits for every worker,
     * even after one failed, so no table is still being written (under its lease) when the run reports.
     */
    private void runGroups(List<List<TableContext>> groups, Request request, Map<String, TableResult> byTable) {
        AtomicBoolean stop = new AtomicBoolean();
        int workers = Math.min(Math.max(1, config.parallelTables()), groups.size());
        if (workers <= 1) {
            groups.forEach(group -> runGroup(group, request, byTable, stop));
            return;
        }
        List<ParallelRunner.Named> tasks = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            List<TableContext> group = groups.get(i);
            tasks.add(new ParallelRunner.Named("table-" + (i + 1), () -> runGroup(group, request, byTable, stop)));
        }
        try {
            ParallelRunner.runAll("table", tasks, workers, new AtomicBoolean());
        } catch (RuntimeException e) {
            throw e; // runGroup turns every table failure into a result: a defect (or the drift check failing)
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Syncs the tables of one group in order; stops early when any table of the run hit a critical error. */
    private void runGroup(List<TableContext> group, Request request, Map<String, TableResult> byTable,
            AtomicBoolean stop) {
        for (TableContext table : group) {
            if (stop.get()) {
                return; // retrying the next table cannot help: credentials, privileges, storage
            }
            String blocked = drift.check(table.schema());
            if (blocked != null) {
                byTable.put(table.name(), TableResult.blocked(table.name(), blocked));
                continue;
            }
            if (!mark(table.name())) {
                LOG.infof("Table %s skipped: a re-snapshot or repair of it is in progress on this replica",
                        table.name());
                byTable.put(table.name(), TableResult.skipped(table.name(), owner
                        + " (re-snapshot or repair in progress)"));
                continue;
            }
            TableResult r;
            try {
                r = runLeased(table, request);
                byTable.put(table.name(), r);
            } finally {
                // After its result is in: the status never sees a table neither syncing nor finished.
                syncing.remove(table.name());
            }
            if (r.critical() != null) {
                stop.set(true);
                return;
            }
        }
    }

    /**
     * Marks {@code table} as synced by this replica now; false, leaving the mark alone, when a re-snapshot or repair
     * of this replica reserved it. Marked before looking again (see {@link #reserve}).
     */
    private boolean mark(String table) {
        if (reserved.contains(table) || !syncing.add(table)) {
            return false;
        }
        if (reserved.contains(table)) {
            syncing.remove(table);
            return false;
        }
        return true;
    }

    /** Syncs {@code table} under its lease (this replica's mark on it is set). */
    private TableResult runLeased(TableContext table, Request request) {
        TableLeases.Held taken = leases.take(table.name(), request.leaseOwner());
        if (taken == null) {
            String holder = leases.holder(table.name());
            // Joins the holder's split initial load (chunks nobody holds), and leaves it as soon as the holder's
            // table lease runs out (a killed replica) to take the table over in this run, not the next.
            TableLoader.Helped helped = loader.help(table, request.leaseOwner(), holder, PageListener.NONE,
                    () -> leases.holder(table.name()) == null, Math.max(500, config.leaseSeconds() * 1000L / 6));
            if (helped.holderGone()) {
                taken = leases.take(table.name(), request.leaseOwner());
                if (taken != null) {
                    LOG.infof("Table %s: the table lease of %s ran out while %s loaded chunks of its split load;"
                            + " %s takes the table over", table.name(), holder, request.leaseOwner(),
                            request.leaseOwner());
                }
            }
            if (taken == null) {
                if (helped.result() != null) {
                    return helped.result(); // loaded chunks nobody held
                }
                LOG.infof("Table %s skipped: its lease is held by %s", table.name(), holder);
                return TableResult.skipped(table.name(), holder);
            }
        }
        TableLeases.Held lease = taken;
        TableProgress p = new TableProgress(table.name(), "starting", table.schema().estimatedRows());
        progress.put(table.name(), p);
        syncing.add(table.name());
        long start = System.nanoTime();
        aborted.remove(table.name());
        sourceCalls.clear(table.name());
        lastPage.put(table.name(), start);
        try (lease) {
            lease.claim();
            TableResult r = synchronizer.sync(table, request.forceFull(), request.reconcile(), p,
                    new LeasedPassListener(table.name(), aborted, lastPage, lease));
            metrics.tableSucceeded(table.name());
            CompletionLog.log(table, r);
            return r;
        } catch (Exception e) {
            return failed(table, p, (System.nanoTime() - start) / 1_000_000, e);
        } finally {
            lastPage.remove(table.name());
            aborted.remove(table.name());
        }
    }

    private TableResult failed(TableContext table, TableProgress p, long ms, Exception e) {
        String critical = CriticalSyncException.reasonOf(e);
        String abort = aborted.get(table.name());
        metrics.error(critical != null ? critical : e instanceof SQLException ? "mysql"
                : MongoFailures.isMongoError(e) ? "mongodb" : "sync");
        LeaseLostException lost = LeaseLostException.in(e);
        String error = abort != null ? abort : lost != null ? lost.getMessage()
                : e instanceof InterruptedException || e.getCause() instanceof InterruptedException
                        ? "interrupted before it finished (the process is shutting down)"
                        : String.valueOf(e.getMessage());
        if (lost != null) {
            // Another replica (or a checkpoint reset) owns the table now: stop at once, no stack trace needed.
            LOG.errorf("Table %s stopped after %d ms: %s", table.name(), ms, error);
        } else {
            LOG.errorf(e, "Table %s failed after %d ms: %s", table.name(), ms, error);
        }
        return TableResult.failed(table.name(), p.mode(), p.done(), ms, error, critical);
    }
}
