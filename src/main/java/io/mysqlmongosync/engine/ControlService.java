package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Dependencies;
import io.mysqlmongosync.metrics.SyncMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The operator's controls and the schedule in the shared control state: pause, resume, interval, when the next run
 * is due, and pausing itself after a critical error or SYNC_MAX_FAILED_RUNS failed runs in a row (with an alert).
 * A pause records its cause ({@link ControlState#pausedBy()}): one caused by a dependency (login or privileges
 * refused, MongoDB out of space) ends by itself once that dependency's connection check passes again
 * ({@link #resumeIfResolved}), an operator's pause only when an operator resumes. Every change is one atomic update
 * of {@link ControlStateStore}.
 */
@ApplicationScoped
public class ControlService {

    private static final Logger LOG = Logger.getLogger(ControlService.class);

    private final ControlStateStore store;
    private final AlertNotifier alerts;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile ControlState lastState;
    /** The storage pause whose failing MongoDB check this process has seen (see {@link #resumeIfResolved}). */
    private volatile String storageFailureSeenFor;

    ControlService(ControlStateStore store, AlertNotifier alerts, SyncMetrics metrics, SyncConfig config) {
        this.store = store;
        this.alerts = alerts;
        this.metrics = metrics;
        this.config = config;
    }

    /** The shared control state, read now. */
    public ControlState state() {
        ControlState s = store.load();
        if (lastState == null && s.paused()) {
            LOG.logf(s.pausedByFailure() ? Logger.Level.WARN : Logger.Level.INFO, "The sync starts paused: %s%s",
                    s.pausedReason(), howItEnds(s));
        }
        lastState = s;
        metrics.paused(s.paused());
        return s;
    }

    /** How a pause ends, for the log line at start-up and the alert. */
    private static String howItEnds(ControlState s) {
        String dependency = s.resolvingDependency();
        if (dependency != null) {
            return ". It resumes by itself once the " + ("mysql".equals(dependency) ? "MySQL" : "MongoDB")
                    + " connection check passes (GET /sync/health), or with POST /sync/resume";
        }
        return ControlState.BY_CONFIG.equals(s.pausedBy()) ? ". Set SYNC_ENABLED=true or POST /sync/resume"
                : ". POST /sync/resume resumes it";
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
        return remember(store.update(s -> s.withPaused(ControlState.BY_OPERATOR, "paused by operator")));
    }

    /** Resumes scheduled runs; an overdue run starts at the next tick. Returns the new state. */
    public ControlState resume() {
        consecutiveFailures.set(0);
        return remember(store.update(ControlState::withResumed));
    }

    /** Changes the interval at once: the next run is due one new interval after the last start (or now). */
    public ControlState interval(int minutes) {
        if (minutes < 1 || minutes > 1440) {
            throw new IllegalArgumentException("interval_minutes must be between 1 and 1440, got " + minutes);
        }
        return remember(store.update(s -> {
            Instant base = s.lastRunAt() != null ? s.lastRunAt() : Instant.now();
            Instant next = ControlStateStore.next(base, minutes);
            return s.withInterval(minutes).withNextRunAt(next.isBefore(Instant.now()) ? Instant.now() : next);
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
        store.update(s -> s.withRunStarted(run.startedAt(),
                allTables ? ControlStateStore.next(run.startedAt(), s.intervalMinutes()) : s.nextRunAt()));
    }

    /** Makes the next scheduled run due now (after a restart interrupted a run or a load). */
    void dueNow() {
        store.update(c -> c.withNextRunAt(Instant.now()));
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
        String cause = critical != null ? critical : tooMany ? ControlState.BY_REPEATED_FAILURES : null;
        ControlState after = remember(store.update(s -> {
            ControlState n = s.withRunFinished(run.startedAt(), result.status());
            return pauseReason == null ? n : n.withPaused(cause, pauseReason);
        }));
        if (critical != null) {
            alerts.alert(critical, "Sync paused by a critical error: " + error + ". Fix the cause"
                    + (after.resolvingDependency() != null ? howItEnds(after) : ", then POST /sync/resume") + ".");
        } else if (tooMany) {
            alerts.alert("repeated_failures", "Sync paused after " + failures + " failed runs in a row. Last error: "
                    + error + ". Fix the cause, then POST /sync/resume.");
        }
    }

    /**
     * Ends a pause caused by a dependency ({@link ControlState#resolvingDependency()}) once that dependency's
     * connection check passes: after a fixed password, a restored privilege, or (for a full disk) once this process
     * has seen MongoDB's check fail and pass again — the write that failed was the sync's own, so a check that never
     * failed proves nothing. Logs one line and raises the alert's "resolved". An operator's pause, a pause by
     * SYNC_ENABLED=false and one after repeated failures are left alone. Returns whether it resumed.
     */
    public boolean resumeIfResolved(Dependencies dependencies) {
        ControlState s = lastState != null ? lastState : state();
        String dependency = s.resolvingDependency();
        if (dependency == null) {
            return false;
        }
        String problem = dependencies.state(dependency).message();
        if ("storage".equals(s.pausedBy())) {
            if (problem != null) {
                storageFailureSeenFor = s.pausedReason();
            }
            if (!Objects.equals(storageFailureSeenFor, s.pausedReason())) {
                return false;
            }
        }
        if (problem != null) {
            return false;
        }
        boolean[] resumed = {false};
        remember(store.update(c -> {
            // Only the pause that was checked: an operator may have paused it again meanwhile.
            resumed[0] = c.paused() && Objects.equals(c.pausedBy(), s.pausedBy())
                    && Objects.equals(c.pausedReason(), s.pausedReason());
            return resumed[0] ? c.withResumed() : c;
        }));
        if (resumed[0]) {
            consecutiveFailures.set(0);
            String name = "mysql".equals(dependency) ? "MySQL" : "MongoDB";
            LOG.infof("Sync resumed by itself: the %s connection check passes again (it was paused by %s)", name,
                    s.pausedReason());
            alerts.resolved(s.pausedBy(), "Sync resumed: the " + name + " connection check passes again");
        }
        return resumed[0];
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
}
