package io.mysqlmongosync.engine;

import io.mysqlmongosync.events.RunEvents;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.sink.MongoFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Starts sync runs, at most one per replica (in the {@link RunSlot} shared with verifications): scheduled runs when
 * due and not paused, manual triggers at any time (also while paused: an explicit request runs once). A finished
 * run is recorded in the history and handed to {@link ControlService}, which pauses the schedule after a critical
 * error or too many failed runs in a row.
 */
@ApplicationScoped
public class SyncController {

    private static final Logger LOG = Logger.getLogger(SyncController.class);

    private final SyncEngine engine;
    private final TableCatalog catalog;
    private final RunSlot slot;
    private final ControlService control;
    private final RestartRecovery recovery;
    private final RecentResults results;
    private final RunHistory history;
    private final SyncMetrics metrics;
    private final ScheduleClock clock;
    private final RunEvents events;
    private volatile Instant lastTick = Instant.now();

    /** A table's latest result on this replica, kept across runs that did not include the table. */
    public record LastTableResult(String runId, Instant finishedAt, TableResult result) {
    }

    SyncController(SyncEngine engine, TableCatalog catalog, RunSlot slot, ControlService control,
            RestartRecovery recovery, RecentResults results, RunHistory history, SyncMetrics metrics,
            ScheduleClock clock, RunEvents events) {
        this.engine = engine;
        this.catalog = catalog;
        this.slot = slot;
        this.control = control;
        this.recovery = recovery;
        this.results = results;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
        this.events = events;
    }

    /** The run (or verification) in progress on this replica, or null. */
    public ActiveRun activeRun() {
        return slot.active();
    }

    /** The last finished run of this replica, or null. */
    public RunResult lastResult() {
        return results.lastRun();
    }

    /** When the scheduler last checked for a due run. */
    public Instant lastTick() {
        return lastTick;
    }

    /** The configured table names. */
    public List<String> configuredTables() {
        return new ArrayList<>(catalog.configuredTables());
    }

    /**
     * Called by the scheduler: starts a run of the tables that are due ({@link ControlService#dueTables}: all tables
     * when no table has its own interval) when the service is not paused.
     */
    public void runIfDue() {
        lastTick = Instant.now();
        recovery.once(); // throws while MongoDB is unreachable: the next tick tries again
        ControlState state = control.state();
        if (slot.active() != null) {
            return;
        }
        List<String> configured = catalog.configuredTables();
        List<String> due = control.dueTables(state, configured);
        if (due.isEmpty()) {
            return;
        }
        try {
            start("scheduled", due.containsAll(configured) ? List.of() : due, false, false);
        } catch (RunInProgressException raced) {
            LOG.debug("Scheduled run skipped: a run is in progress");
        }
    }

    /**
     * Starts a run in the background and returns it.
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
        names.forEach(t -> UnknownTableException.requireConfigured(catalog, t));
        return start("manual", names, forceFull, reconcile);
    }

    private ActiveRun start(String trigger, List<String> tables, boolean forceFull, boolean reconcile) {
        ActiveRun run = new ActiveRun(UUID.randomUUID().toString(), trigger, clock.now(),
                tables.isEmpty() ? catalog.configuredTables() : List.copyOf(tables));
        slot.take(run);
        try {
            control.runStarted(run, catalog.configuredTables());
            history.started(run.id(), trigger, run.startedAt(), run.tables(), engine.owner());
        } catch (RuntimeException e) {
            slot.release(run);
            throw e;
        }
        slot.submit(run, () -> execute(run, tables, forceFull, reconcile));
        return run;
    }

    private void execute(ActiveRun run, List<String> tables, boolean forceFull, boolean reconcile) {
        MDC.put("run_id", run.id());
        MDC.put("trigger", run.trigger());
        MDC.put("operation", "run_started");
        LOG.infof("Run %s started (%s%s): tables %s", run.id(), run.trigger(), forceFull ? ", full reload" : "",
                String.join(", ", run.tables()));
        MDC.remove("operation");
        RunResult result = null;
        String error = null;
        String critical = null;
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
            error = interrupted(e) ? "interrupted before it finished (the process is shutting down): " + e.getMessage()
                    : e.getMessage();
            critical = CriticalSyncException.reasonOf(e);
            metrics.error(critical != null ? critical : "run");
            LOG.errorf("Sync run %s failed: %s", run.id(), e.getMessage());
            result = new RunResult(run.id(), run.trigger(), run.startedAt(), Instant.now(), "failed", List.of());
            metrics.run("failed", Duration.between(run.startedAt(), result.finishedAt()));
        } finally {
            // A run interrupted at shutdown still records its end: the MongoDB driver refuses to work on an
            // interrupted thread, so the flag is cleared for the bookkeeping and set again after it.
            boolean interrupted = Thread.interrupted();
            try {
                finish(run, result, error, critical);
                RunLog.finished(run, result, error);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                MDC.remove("run_id");
                MDC.remove("trigger");
            }
        }
    }

    /** Whether {@code e} ended the run because its thread was interrupted (shutdown stops the run that way). */
    private static boolean interrupted(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || MongoFailures.isInterruption(t)) {
                return true;
            }
        }
        return false;
    }

    private void finish(ActiveRun run, RunResult result, String error, String critical) {
        // First: queued only (never blocks, never throws), so the event goes out even when the bookkeeping below
        // fails, and before an alert that ControlService may raise about this run.
        events.run(result, error);
        results.finished(result);
        history.finished(result, engine.owner(), error);
        control.runFinished(run, result, error, critical);
    }
}
