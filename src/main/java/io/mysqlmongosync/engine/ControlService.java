package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.metrics.SyncMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's controls and the schedule in the shared control state: pause, resume, interval, when the next run
 * is due, and pausing itself after a critical error or SYNC_MAX_FAILED_RUNS failed runs in a row (with an alert).
 * Every change is one atomic update of {@link ControlStateStore}.
 */
@ApplicationScoped
public class ControlService {

    private final ControlStateStore store;
    private final AlertNotifier alerts;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile ControlState lastState;

    ControlService(ControlStateStore store, AlertNotifier alerts, SyncMetrics metrics, SyncConfig config) {
        this.store = store;
        this.alerts = alerts;
        this.metrics = metrics;
        this.config = config;
    }

    /** The shared control state, read now. */
    public ControlState state() {
        ControlState s = store.load();
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

    /** Failed runs in a row on this replica. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Pauses scheduled runs; returns the new state. */
    public ControlState pause() {
        return remember(store.update(s -> pausedBy(s, "paused by operator")));
    }

    /** Resumes scheduled runs; an overdue run starts at the next tick. Returns the new state. */
    public ControlState resume() {
        consecutiveFailures.set(0);
        return remember(store.update(s -> new ControlState(false, null, s.intervalMinutes(), s.nextRunAt(),
                s.lastRunAt(), s.lastStatus())));
    }

    /** Changes the interval at once: the next run is due one new interval after the last start (or now). */
    public ControlState interval(int minutes) {
        if (minutes < 1 || minutes > 1440) {
            throw new IllegalArgumentException("interval_minutes must be between 1 and 1440, got " + minutes);
        }
        return remember(store.update(s -> {
            Instant base = s.lastRunAt() != null ? s.lastRunAt() : Instant.now();
            Instant next = ControlStateStore.next(base, minutes);
            return new ControlState(s.paused(), s.pausedReason(), minutes,
                    next.isBefore(Instant.now()) ? Instant.now() : next, s.lastRunAt(), s.lastStatus());
        }));
    }

    /** Whether a scheduled run may start now: not paused and the next run is due. */
    public boolean due(ControlState s) {
        return !s.paused() && (s.nextRunAt() == null || !Instant.now().isBefore(s.nextRunAt()));
    }

    /**
     * Records that {@code run} started; a run of all tables also moves the next scheduled run one interval on (a run
     * of some tables only, such as a one-table trigger, leaves the schedule of all tables where it was).
     */
    void runStarted(ActiveRun run, boolean allTables) {
        store.update(s -> new ControlState(s.paused(), s.pausedReason(), s.intervalMinutes(),
                allTables ? ControlStateStore.next(run.startedAt(), s.intervalMinutes()) : s.nextRunAt(),
                run.startedAt(), s.lastStatus()));
    }

    /** Makes the next scheduled run due now (after a restart interrupted a run or a load). */
    void dueNow() {
        store.update(c -> new ControlState(c.paused(), c.pausedReason(), c.intervalMinutes(), Instant.now(),
                c.lastRunAt(), c.lastStatus()));
    }

    /**
     * Records how {@code run} ended and pauses the schedule after a critical error or SYNC_MAX_FAILED_RUNS failed
     * runs in a row, alerting once; {@code critical} is the critical reason or null, {@code error} the first error.
     */
    void runFinished(ActiveRun run, RunResult result, String error, String critical) {
        int failures = "failed".equals(result.status()) ? consecutiveFailures.incrementAndGet() : resetFailures();
        boolean tooMany = failures >= config.maxFailedRuns();
        String pauseReason = critical != null ? "critical error (" + critical + "): " + error
                : tooMany ? failures + " failed runs in a row; last error: " + error : null;
        remember(store.update(s -> {
            ControlState n = new ControlState(s.paused(), s.pausedReason(), s.intervalMinutes(), s.nextRunAt(),
                    run.startedAt(), result.status());
            return pauseReason == null ? n : pausedBy(n, pauseReason);
        }));
        if (critical != null) {
            alerts.alert(critical, "Sync paused by a critical error: " + error
                    + ". Fix the cause, then POST /sync/resume.");
        } else if (tooMany) {
            alerts.alert("repeated_failures", "Sync paused after " + failures + " failed runs in a row. Last error: "
                    + error + ". Fix the cause, then POST /sync/resume.");
        }
    }

    private ControlState remember(ControlState s) {
        lastState = s;
        metrics.paused(s.paused());
        return s;
    }

    private int resetFailures() {
        consecutiveFailures.set(0);
        return 0;
    }

    private static ControlState pausedBy(ControlState s, String reason) {
        return new ControlState(true, reason, s.intervalMinutes(), s.nextRunAt(), s.lastRunAt(), s.lastStatus());
    }
}
