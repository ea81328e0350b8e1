package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.metrics.SyncMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Decides when runs happen and keeps at most one run per replica: scheduled runs when due and not paused,
 * manual triggers at any time (also while paused: an explicit request runs once), never two at once.
 * Pauses itself and alerts on critical errors or after SYNC_MAX_FAILED_RUNS failed runs in a row.
 */
@ApplicationScoped
public class SyncController {

    private static final Logger LOG = Logger.getLogger(SyncController.class);

    private final SyncEngine engine;
    private final TableCatalog catalog;
    private final ControlStateStore stateStore;
    private final RunHistory history;
    private final AlertNotifier alerts;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final io.mysqlmongosync.sink.CheckpointStore checkpoints;
    private final Verifier verifier;
    private final SchemaDriftDetector drift;
    private final io.mysqlmongosync.sink.LeaseStore leases;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sync-run");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<ActiveRun> active = new AtomicReference<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile Instant lastTick = Instant.now();
    private volatile RunResult lastResult;
    private final java.util.Map<String, LastTableResult> lastByTable = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean historyRead;
    private volatile VerificationRun lastVerification;
    private volatile boolean recovered;
    private volatile ControlState lastState;
    private final Instant createdAt = Instant.now();

    /** The run in progress. */
    public record ActiveRun(String id, String trigger, Instant startedAt, List<String> tables) {
    }

    /** A table's latest result on this replica, kept across runs that did not include the table. */
    public record LastTableResult(String runId, Instant finishedAt, TableResult result) {
    }

    SyncController(SyncEngine engine, TableCatalog catalog, ControlStateStore stateStore, RunHistory history,
            AlertNotifier alerts, SyncMetrics metrics, SyncConfig config,
            io.mysqlmongosync.sink.CheckpointStore checkpoints, Verifier verifier,
            io.mysqlmongosync.sink.LeaseStore leases, SchemaDriftDetector drift) {
        this.drift = drift;
        this.checkpoints = checkpoints;
        this.verifier = verifier;
        this.leases = leases;
        this.engine = engine;
        this.catalog = catalog;
        this.stateStore = stateStore;
        this.history = history;
        this.alerts = alerts;
        this.metrics = metrics;
        this.config = config;
    }

    /** The shared control state. */
    public ControlState state() {
        ControlState s = stateStore.load();
        lastState = s;
        metrics.paused(s.paused());
        return s;
    }

    /**
     * The control state as this replica last read it (every scheduler tick), without asking MongoDB; null before
     * the first read. For answers that must not wait for MongoDB.
     */
    public ControlState lastKnownState() {
        return lastState;
    }

    /** The run in progress on this replica, or null. */
    public ActiveRun activeRun() {
        return active.get();
    }

    /** The last finished run of this replica, or null. */
    public RunResult lastResult() {
        return lastResult;
    }

    /**
     * Each table's latest result: of this replica's runs, else (after a restart) of the recent run history; a
     * table not run recently is absent.
     */
    public java.util.Map<String, LastTableResult> lastTableResults() {
        if (!historyRead) {
            try {
                history.lastTableResults(50).forEach(lastByTable::putIfAbsent);
                historyRead = true;
            } catch (RuntimeException e) {
                LOG.debugf("Last table results not read from the run history (tried again later): %s", e.getMessage());
            }
        }
        return java.util.Map.copyOf(lastByTable);
    }

    /** When the scheduler last checked for a due run. */
    public Instant lastTick() {
        return lastTick;
    }

    /** Failed runs in a row. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Called by the scheduler: starts a run when one is due and the service is not paused. */
    public void runIfDue() {
        lastTick = Instant.now();
        if (!recovered) {
            recoverAfterRestart(); // throws while MongoDB is unreachable: the next tick tries again
            recovered = true;
        }
        ControlState s = state();
        if (s.paused() || active.get() != null || (s.nextRunAt() != null && Instant.now().isBefore(s.nextRunAt()))) {
            return;
        }
        try {
            start("scheduled", List.of(), false, false);
        } catch (RunInProgressException raced) {
            LOG.debug("Scheduled run skipped: a run is in progress");
        }
    }

    /**
     * Once per process, before its first scheduled run: closes the runs a dead process left {@code running} as
     * {@code abandoned}, and when one was closed or a table's initial load is unfinished, makes the next run due
     * now rather than an interval after the interrupted run started (a crashed 24 h-interval service would otherwise
     * wait a day to finish a load). The lease of a table is taken back at once because the owner identity is stable
     * per pod.
     */
    void recoverAfterRestart() {
        ActiveRun current = active.get();
        List<String> abandoned = history.abandon(engine.owner(), createdAt, current == null ? null : current.id(),
                Instant.now().minus(java.time.Duration.ofMinutes(config.runTimeoutMinutes())));
        List<String> loading = new ArrayList<>();
        for (String table : catalog.configuredTables()) {
            if (checkpoints.load(table).map(c -> c.phase() == io.mysqlmongosync.engine.port.TableCheckpoint.Phase.INITIAL)
                    .orElse(false)) {
                loading.add(table);
            }
        }
        if (!abandoned.isEmpty()) {
            LOG.warnf("Closed %d run(s) left running by a stopped process as abandoned: %s", abandoned.size(),
                    String.join(", ", abandoned));
        }
        ControlState s = state();
        if ((abandoned.isEmpty() && loading.isEmpty()) || s.paused()
                || (s.nextRunAt() != null && !s.nextRunAt().isAfter(Instant.now()))) {
            return;
        }
        LOG.infof("Resuming at once after a restart (%s), not at the stored next run time %s",
                loading.isEmpty() ? "interrupted run" : "unfinished initial load of " + String.join(", ", loading),
                s.nextRunAt());
        stateStore.update(c -> new ControlState(c.paused(), c.pausedReason(), c.intervalMinutes(), Instant.now(),
                c.lastRunAt(), c.lastStatus()));
    }

    /**
     * Starts a run in the background and returns its id.
     *
     * @throws UnknownTableException when {@code tables} names a table not in SYNC_TABLES
     * @throws RunInProgressException when a run is already active
     */
    public ActiveRun trigger(List<String> tables, boolean forceFull) {
        return trigger(tables, forceFull, false);
    }

    /** As {@link #trigger(List, boolean)}; {@code reconcile} also removes documents of hard-deleted rows. */
    public ActiveRun trigger(List<String> tables, boolean forceFull, boolean reconcile) {
        List<String> names = tables == null ? List.of() : tables;
        for (String t : names) {
            if (!catalog.isConfigured(t)) {
                throw new UnknownTableException(t, catalog.configuredTables());
            }
        }
        return start("manual", names, forceFull, reconcile);
    }

    private ActiveRun start(String trigger, List<String> tables, boolean forceFull, boolean reconcile) {
        ActiveRun run = new ActiveRun(UUID.randomUUID().toString(), trigger, Instant.now(),
                tables.isEmpty() ? catalog.configuredTables() : List.copyOf(tables));
        if (!active.compareAndSet(null, run)) {
            throw new RunInProgressException(active.get() == null ? "?" : active.get().id());
        }
        try {
            // A run of some tables only (a one-table trigger) leaves the schedule of all tables where it was.
            boolean allTables = run.tables().containsAll(catalog.configuredTables());
            stateStore.update(s -> new ControlState(s.paused(), s.pausedReason(), s.intervalMinutes(),
                    allTables ? ControlStateStore.next(run.startedAt(), s.intervalMinutes()) : s.nextRunAt(),
                    run.startedAt(), s.lastStatus()));
            history.started(run.id(), trigger, run.startedAt(), run.tables(), engine.owner());
            executor.submit(() -> execute(run, tables, forceFull, reconcile));
        } catch (RuntimeException e) {
            active.set(null);
            throw e;
        }
        return run;
    }

    private void execute(ActiveRun run, List<String> tables, boolean forceFull, boolean reconcile) {
        RunResult result = null;
        String error = null;
        String critical = null;
        MDC.put("run_id", run.id());
        MDC.put("trigger", run.trigger());
        MDC.put("operation", "run_started");
        LOG.infof("Run %s started (%s%s): tables %s", run.id(), run.trigger(), forceFull ? ", full reload" : "",
                String.join(", ", run.tables()));
        MDC.remove("operation");
        try {
            result = engine.run(run.id(), run.trigger(), tables, forceFull, reconcile, engine.owner());
            for (TableResult t : result.tables()) {
                if (t.critical() != null) {
                    critical = t.critical();
                    error = t.table() + ": " + t.error();
                } else if (error == null && t.error() != null && !"skipped".equals(t.status())) {
                    error = t.table() + ": " + t.error();
                }
            }
        } catch (Exception e) {
            error = e.getMessage();
            critical = CriticalSyncException.reasonOf(e);
            metrics.error(critical != null ? critical : "run");
            LOG.errorf("Sync run %s failed: %s", run.id(), e.getMessage());
            result = new RunResult(run.id(), run.trigger(), run.startedAt(), Instant.now(), "failed", List.of());
            metrics.run("failed", java.time.Duration.between(run.startedAt(), result.finishedAt()));
        } finally {
            try {
                finish(run, result, error, critical);
                logFinished(run, result, error);
            } finally {
                active.set(null);
                MDC.remove("run_id");
                MDC.remove("trigger");
            }
        }
    }

    /** The run-finished line: status, duration, tables by outcome and row totals (each table logged its own). */
    private static void logFinished(ActiveRun run, RunResult result, String error) {
        List<TableResult> t = result.tables();
        long read = t.stream().mapToLong(TableResult::read).sum();
        long reread = t.stream().mapToLong(TableResult::reread).sum();
        String message = String.format("Run %s finished (%s): %s in %d ms; %d tables: %d synced, %d failed, %d blocked,"
                + " %d skipped; rows: %d read (%d new or changed, %d re-read), %d created, %d updated, %d unchanged,"
                + " %d deleted, %d skipped, %d conflicts%s", run.id(), run.trigger(), result.status(),
                java.time.Duration.between(result.startedAt(), result.finishedAt()).toMillis(), t.size(),
                count(t, "success"), count(t, "failed"), count(t, "blocked"), count(t, "skipped"), read, read - reread,
                reread, t.stream().mapToLong(TableResult::created).sum(), t.stream().mapToLong(TableResult::updated).sum(),
                t.stream().mapToLong(TableResult::unchanged).sum(),
                t.stream().mapToLong(r -> r.deleted() + r.hardDeleted()).sum(),
                t.stream().mapToLong(TableResult::skipped).sum(), t.stream().mapToLong(TableResult::conflict).sum(),
                error == null ? "" : "; first error: " + error);
        MDC.put("operation", "run_finished");
        MDC.put("status", result.status());
        try {
            if ("success".equals(result.status()) || "skipped".equals(result.status())) {
                LOG.info(message);
            } else {
                LOG.warn(message);
            }
        } finally {
            MDC.remove("operation");
            MDC.remove("status");
        }
    }

    private static long count(List<TableResult> tables, String status) {
        return tables.stream().filter(r -> status.equals(r.status())).count();
    }

    private void finish(ActiveRun run, RunResult result, String error, String critical) {
        lastResult = result;
        for (TableResult t : result.tables()) {
            lastByTable.put(t.table(), new LastTableResult(result.id(), result.finishedAt(), t));
        }
        history.finished(result, engine.owner(), error);
        int failures = "failed".equals(result.status()) ? consecutiveFailures.incrementAndGet() : resetFailures();
        String pauseReason = critical != null ? "critical error (" + critical + "): " + error
                : failures >= config.maxFailedRuns() ? failures + " failed runs in a row; last error: " + error : null;
        ControlState next = stateStore.update(s -> {
            ControlState n = new ControlState(s.paused(), s.pausedReason(), s.intervalMinutes(), s.nextRunAt(),
                    run.startedAt(), result.status());
            return pauseReason == null ? n : pausedBy(n, pauseReason);
        });
        if (critical != null) {
            alerts.alert(critical, "Sync paused by a critical error: " + error
                    + ". Fix the cause, then POST /sync/resume.");
        } else if (failures >= config.maxFailedRuns()) {
            alerts.alert("repeated_failures", "Sync paused after " + failures + " failed runs in a row. Last error: "
                    + error + ". Fix the cause, then POST /sync/resume.");
        }
        lastState = next;
        metrics.paused(next.paused());
    }

    private int resetFailures() {
        consecutiveFailures.set(0);
        return 0;
    }

    private static ControlState pausedBy(ControlState s, String reason) {
        return new ControlState(true, reason, s.intervalMinutes(), s.nextRunAt(), s.lastRunAt(), s.lastStatus());
    }

    /** Pauses scheduled runs; returns the new state. */
    public ControlState pause() {
        ControlState next = stateStore.update(s -> pausedBy(s, "paused by operator"));
        lastState = next;
        metrics.paused(true);
        return next;
    }

    /** Resumes scheduled runs; an overdue run starts at the next tick. Returns the new state. */
    public ControlState resume() {
        consecutiveFailures.set(0);
        ControlState next = stateStore.update(s -> new ControlState(false, null, s.intervalMinutes(), s.nextRunAt(),
                s.lastRunAt(), s.lastStatus()));
        lastState = next;
        metrics.paused(false);
        return next;
    }

    /** Changes the interval at once: the next run is due one new interval after the last start (or now). */
    public ControlState interval(int minutes) {
        if (minutes < 1 || minutes > 1440) {
            throw new IllegalArgumentException("interval_minutes must be between 1 and 1440, got " + minutes);
        }
        ControlState updated = stateStore.update(s -> {
            Instant base = s.lastRunAt() != null ? s.lastRunAt() : Instant.now();
            Instant next = ControlStateStore.next(base, minutes);
            return new ControlState(s.paused(), s.pausedReason(), minutes,
                    next.isBefore(Instant.now()) ? Instant.now() : next, s.lastRunAt(), s.lastStatus());
        });
        lastState = updated;
        return updated;
    }

    /** The latest verification or repair of this replica, or null. */
    public VerificationRun lastVerification() {
        return lastVerification;
    }

    /**
     * Starts a verification (or, with {@code repair}, a verify-and-fix) of {@code tables} (all when empty) in the
     * background. Shares the one-at-a-time slot with runs.
     *
     * @throws UnknownTableException when a table is not in SYNC_TABLES
     * @throws RunInProgressException when a run or verification is active
     */
    public VerificationRun verify(List<String> tables, boolean repair) {
        List<String> names = tables == null || tables.isEmpty() ? catalog.configuredTables() : List.copyOf(tables);
        for (String t : names) {
            if (!catalog.isConfigured(t)) {
                throw new UnknownTableException(t, catalog.configuredTables());
            }
        }
        String trigger = repair ? "repair" : "verify";
        ActiveRun slot = new ActiveRun(UUID.randomUUID().toString(), trigger, Instant.now(), names);
        if (!active.compareAndSet(null, slot)) {
            throw new RunInProgressException(active.get() == null ? "?" : active.get().id());
        }
        VerificationRun run = new VerificationRun(slot.id(), repair, names);
        lastVerification = run;
        try {
            executor.submit(() -> executeVerification(run));
        } catch (RuntimeException e) {
            active.set(null);
            throw e;
        }
        return run;
    }

    private void executeVerification(VerificationRun run) {
        boolean failed = false;
        try {
            var all = catalog.discover();
            for (TableVerification tv : run.tables().values()) {
                TableContext table = all.get(tv.table());
                if (run.repair() && !leases.acquire(tv.table(), engine.owner(), config.leaseSeconds() * 1000L)) {
                    tv.finish("skipped", "lease held by " + leases.holder(tv.table()));
                    continue;
                }
                try {
                    verifier.verify(table, run.repair(), tv);
                    tv.finish("done", null);
                    LOG.infof("%s of table %s: %d matching, %d missing, %d extra, %d different, %d repaired",
                            run.repair() ? "Repair" : "Verification", tv.table(), tv.matching(), tv.missing(),
                            tv.extra(), tv.different(), tv.repaired());
                } catch (Exception e) {
                    failed = true;
                    tv.finish("failed", e.getMessage());
                    LOG.errorf(e, "Verification of table %s failed", tv.table());
                } finally {
                    if (run.repair()) {
                        leases.release(tv.table(), engine.owner());
                    }
                }
            }
        } catch (Exception e) {
            failed = true;
            LOG.errorf("Verification %s failed: %s", run.id(), e.getMessage());
        } finally {
            run.finish(failed ? "failed" : "done");
            active.set(null);
        }
    }

    /**
     * Forgets {@code table}'s checkpoint so the next run reloads it; refused while a run is active.
     *
     * @return whether a checkpoint existed
     */
    public boolean reset(String table) {
        if (!catalog.isConfigured(table)) {
            throw new UnknownTableException(table, catalog.configuredTables());
        }
        ActiveRun run = active.get();
        if (run != null) {
            throw new RunInProgressException(run.id());
        }
        boolean existed = checkpoints.reset(table);
        drift.reset(table);
        LOG.infof("Checkpoint of table %s reset by operator; the next run reloads it", table);
        return existed;
    }

    /** The configured table names. */
    public List<String> configuredTables() {
        return new ArrayList<>(catalog.configuredTables());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
