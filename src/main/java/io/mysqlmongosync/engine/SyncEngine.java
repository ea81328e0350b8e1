package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

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
    private final LeaseStore leases;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final SchemaDriftDetector drift;
    private final String owner;
    private final Map<String, TableProgress> progress = new ConcurrentHashMap<>();
    private final java.util.Set<String> syncing = ConcurrentHashMap.newKeySet();
    private volatile Map<String, TableResult> finishedInRun = Map.of();
    /** Tables being synced now → System.nanoTime() of their last written page (or their start). */
    private final Map<String, Long> lastPage = new ConcurrentHashMap<>();
    /** Tables being synced now that the run watchdog aborted → why. */
    private final Map<String, String> aborted = new ConcurrentHashMap<>();
    private final io.mysqlmongosync.source.SourceCalls sourceCalls;

    private final CheckpointStore checkpoints;
    private final LeaseBudget budget;

    SyncEngine(TableCatalog catalog, TableSynchronizer synchronizer, LeaseStore leases, SyncMetrics metrics,
            SyncConfig config, SchemaDriftDetector drift, CheckpointStore checkpoints, LeaseBudget budget,
            io.mysqlmongosync.source.SourceCalls sourceCalls) {
        this.checkpoints = checkpoints;
        this.budget = budget;
        this.sourceCalls = sourceCalls;
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
        Collection<String> names = tables == null || tables.isEmpty() ? all.keySet() : withEmbedded(tables, all);
        List<TableContext> selected = new ArrayList<>(names.size());
        for (String name : names) { // withEmbedded: a table named twice runs once
            TableContext table = all.get(name);
            if (table == null) {
                throw new UnknownTableException(name, all.keySet());
            }
            selected.add(table);
        }
        List<List<TableContext>> groups = groupsOf(selected);
        Map<String, TableResult> byTable = new ConcurrentHashMap<>();
        finishedInRun = byTable;
        AtomicBoolean stop = new AtomicBoolean();
        int workers = Math.min(Math.max(1, config.parallelTables()), groups.size());
        if (workers <= 1) {
            for (List<TableContext> group : groups) {
                runGroup(group, forceFull, reconcile, leaseOwner, byTable, stop);
            }
        } else {
            runInParallel(groups, workers, forceFull, reconcile, leaseOwner, byTable, stop);
        }
        // Results in configured order; tables not started after a critical error are left out, as before.
        List<TableResult> results = new ArrayList<>(byTable.size());
        for (TableContext t : selected) {
            TableResult r = byTable.get(t.name());
            if (r != null) {
                results.add(r);
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

    /**
     * The units of parallel work: ordered groups of tables, each group synced in order by one worker while up to
     * SYNC_PARALLEL_TABLES groups run at once. Tables joined by an embedding of the mapping file (a parent and the
     * tables copied into its documents, transitively) share a group, in run order: an embedded copy is then never
     * refreshed by one worker while another writes the parent document from an older read.
     */
    static List<List<TableContext>> groupsOf(List<TableContext> selected) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            index.put(selected.get(i).name(), i);
        }
        int[] root = new int[selected.size()];
        for (int i = 0; i < root.length; i++) {
            root[i] = i;
        }
        for (TableContext t : selected) {
            for (io.mysqlmongosync.mapping.spec.Relationship r : t.embeds()) {
                Integer a = index.get(r.parent());
                Integer b = index.get(r.source());
                if (a != null && b != null) {
                    root[find(root, a)] = find(root, b);
                }
            }
        }
        Map<Integer, List<TableContext>> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            groups.computeIfAbsent(find(root, i), k -> new ArrayList<>()).add(selected.get(i));
        }
        return new ArrayList<>(groups.values());
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

    /** Runs {@code groups} on a bounded pool of {@code workers} threads and waits for all of them. */
    private void runInParallel(List<List<TableContext>> groups, int workers, boolean forceFull, boolean reconcile,
            String leaseOwner, Map<String, TableResult> byTable, AtomicBoolean stop) {
        AtomicInteger n = new AtomicInteger();
        String caller = Thread.currentThread().getName();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, caller + "/table-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<String, Object> mdc = MDC.getMap();
        try {
            List<Future<?>> running = new ArrayList<>(groups.size());
            for (List<TableContext> group : groups) {
                running.add(pool.submit(() -> {
                    withMdc(mdc, () -> runGroup(group, forceFull, reconcile, leaseOwner, byTable, stop));
                }));
            }
            // Wait for every worker, even after one failed, so no table is still being written (under its lease)
            // when the run reports.
            RuntimeException first = null;
            for (Future<?> f : running) {
                try {
                    await(f);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Syncs the tables of one group in order; stops early when any table of the run hit a critical error. */
    private void runGroup(List<TableContext> group, boolean forceFull, boolean reconcile, String leaseOwner,
            Map<String, TableResult> byTable, AtomicBoolean stop) {
        for (TableContext table : group) {
            if (stop.get()) {
                return; // retrying the next table cannot help: credentials, privileges, storage
            }
            String blocked = drift.check(table.schema());
            if (blocked != null) {
                byTable.put(table.name(), new TableResult(table.name(), "blocked", "none", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        "blocked by schema drift: " + blocked, null));
                continue;
            }
            TableResult r;
            try {
                r = runTable(table, forceFull, reconcile, leaseOwner);
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

    private static void withMdc(Map<String, Object> context, Runnable task) {
        if (context != null) {
            context.forEach(MDC::put);
        }
        try {
            task.run();
        } finally {
            MDC.clear();
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for table workers", e);
        } catch (ExecutionException e) {
            // runGroup turns every table failure into a result, so this is a defect (or the drift check failing).
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    private TableResult runTable(TableContext table, boolean forceFull, boolean reconcile, String leaseOwner) {
        long ttl = config.leaseSeconds() * 1000L;
        long takenAt = System.nanoTime(); // before the request: the local deadline errs on the early side
        Lease lease = leases.take(table.name(), leaseOwner, ttl);
        if (lease == null) {
            String holder = leases.holder(table.name());
            LOG.infof("Table %s skipped: its lease is held by %s", table.name(), holder);
            return new TableResult(table.name(), "skipped", "none", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    "lease held by " + holder, null);
        }
        TableProgress p = new TableProgress(table.name(), "starting", table.schema().estimatedRows());
        progress.put(table.name(), p);
        syncing.add(table.name());
        long start = System.nanoTime();
        aborted.remove(table.name());
        sourceCalls.clear(table.name());
        lastPage.put(table.name(), start);
        try {
            // Fencing: the checkpoint is marked with this lease's epoch before anything is written, so a replica
            // that held the table before (and may wake up late) can no longer save its checkpoint; this pass's
            // saves are conditional on the same epoch (CheckpointStore). Between pages the keeper renews the lease
            // once a quarter of it has passed (one round trip fewer per page) and stops the table before the lease
            // could expire under a write (monotonic deadline, see LeaseKeeper).
            checkpoints.claim(lease);
            leases.hold(lease);
            LeaseKeeper keeper = new LeaseKeeper(leases, lease, takenAt, ttl, budget.writeBudgetMillis() * 1_000_000L,
                    System::nanoTime);
            TableResult r = synchronizer.sync(table, forceFull, reconcile, p, () -> {
                String abort = aborted.get(table.name());
                if (abort != null) {
                    throw new IllegalStateException(abort); // a stuck call that returned after the watchdog fired
                }
                lastPage.put(table.name(), System.nanoTime());
                keeper.beforeWrite();
            });
            metrics.tableSucceeded(table.name());
            logCompletion(table, r);
            return r;
        } catch (Exception e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String critical = CriticalSyncException.reasonOf(e);
            String abort = aborted.get(table.name());
            metrics.error(critical != null ? critical : e instanceof SQLException ? "mysql"
                    : e.getClass().getName().startsWith("com.mongodb") ? "mongodb" : "sync");
            LeaseLostException lost = LeaseLostException.in(e);
            String error = abort != null ? abort : String.valueOf(lost != null ? lost.getMessage() : e.getMessage());
            if (lost != null) {
                // Another replica (or a checkpoint reset) owns the table now: stop at once, no stack trace needed.
                LOG.errorf("Table %s stopped after %d ms: %s", table.name(), ms, error);
            } else {
                LOG.errorf(e, "Table %s failed after %d ms: %s", table.name(), ms, error);
            }
            return new TableResult(table.name(), "failed", p.mode(), p.done(), 0, 0, 0, 0, 0, 0, 0, ms, error,
                    critical);
        } finally {
            lastPage.remove(table.name());
            aborted.remove(table.name());
            leases.release(table.name(), leaseOwner);
        }
    }

    private static final String[] COMPLETION_FIELDS = {"component", "table", "operation", "records_processed",
        "records_updated", "records_created", "records_unchanged", "records_deleted", "records_skipped",
        "records_reread", "conflicts", "duration_seconds", "errors"};

    /**
     * One line per table pass whose row counts add up: every row read is created, updated, unchanged, deleted,
     * skipped or in conflict; re-reads of the look-back window are shown apart from new changes, and unchanged
     * rows of a load say why they were unchanged.
     */
    private static void logCompletion(TableContext table, TableResult r) {
        MDC.put("component", "sync_service");
        MDC.put("table", r.table());
        MDC.put("operation", "sync_completed");
        MDC.put("records_processed", String.valueOf(r.read()));
        MDC.put("records_updated", String.valueOf(r.updated()));
        MDC.put("records_created", String.valueOf(r.created()));
        MDC.put("records_unchanged", String.valueOf(r.unchanged()));
        MDC.put("records_deleted", String.valueOf(r.deleted() + r.hardDeleted()));
        MDC.put("records_skipped", String.valueOf(r.skipped()));
        MDC.put("records_reread", String.valueOf(r.reread()));
        MDC.put("conflicts", String.valueOf(r.conflict()));
        MDC.put("duration_seconds", String.valueOf(r.durationMillis() / 1000.0));
        MDC.put("errors", String.valueOf(r.skipped()));
        try {
            LOG.info(completionMessage(table, r));
        } finally {
            for (String k : COMPLETION_FIELDS) {
                MDC.remove(k);
            }
        }
    }

    /** The text of a table's completion line (see {@link #logCompletion}). */
    static String completionMessage(TableContext table, TableResult r) {
        StringBuilder m = new StringBuilder();
        m.append("Table ").append(r.table()).append(" synced (").append(r.mode()).append(") in ")
                .append(r.durationMillis()).append(" ms: ").append(r.read()).append(" read (");
        if ("full".equals(r.mode())) {
            m.append("the whole table: it has no change column)");
        } else {
            m.append(r.read() - r.reread()).append(" new or changed, ").append(r.reread())
                    .append(" re-read from the look-back window)");
        }
        if (table != null && !table.ownCollection()) {
            // Rows read only to be copied into other tables' documents: the count is of those documents.
            m.append(", copied into ").append(r.updated()).append(" documents of ")
                    .append(String.join(", ", table.feeds().stream().map(f -> f.parent()).distinct().toList()));
        } else {
            m.append(" = ").append(r.created()).append(" created + ").append(r.updated()).append(" updated + ")
                    .append(r.unchanged()).append(" unchanged + ").append(r.deleted()).append(" deleted + ")
                    .append(r.skipped()).append(" skipped + ").append(r.conflict()).append(" conflicts");
        }
        if (r.hardDeleted() > 0) {
            m.append("; ").append(r.hardDeleted()).append(" documents of rows deleted in MySQL removed");
        }
        if (r.warnings() > 0) {
            m.append("; ").append(r.warnings()).append(" warnings");
        }
        if (r.unchanged() > 0 && "full".equals(r.mode())) {
            m.append(" (unchanged: every pass reads the whole table and writes only the rows whose content changed)");
        } else if (r.unchanged() > 0 && "initial".equals(r.mode())) {
            m.append(" (unchanged: documents already in MongoDB with the same content - rows re-read from the"
                    + " look-back window after the load, or written by an earlier, interrupted or forced load)");
        }
        return m.toString();
    }

    /**
     * The replica identity when SYNC_OWNER is unset: stable per pod (POD_NAME, else HOSTNAME, else the host name),
     * so a process restarted in the same pod takes its own table leases back at once instead of waiting for them
     * to expire. Two processes on one host need distinct SYNC_OWNER values.
     */
    static String defaultOwner() {
        for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica-" + UUID.randomUUID();
        }
    }
}
