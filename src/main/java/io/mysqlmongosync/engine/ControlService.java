package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SettingBounds;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Dependencies;
import io.mysqlmongosync.metrics.SyncMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Tables with their own interval ({@link TableSchedules}, SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES) have their own next
 * run time in the same document ({@link ControlState#tableSchedules()}), moved by the same compare-and-set when a run
 * of the table starts, so a restart and every replica agree on it; the other tables share the default schedule
 * ({@link ControlState#nextRunAt()}) exactly as when no table had its own interval. A scheduled tick runs the tables
 * that are due ({@link #dueTables}).
 */
@ApplicationScoped
public class ControlService {

    private static final Logger LOG = Logger.getLogger(ControlService.class);

    private final ControlStateStore store;
    private final AlertNotifier alerts;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final TableSchedules schedules;
    private final ScheduleClock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile ControlState lastState;
    /** The storage pause whose failing MongoDB check this process has seen (see {@link #resumeIfResolved}). */
    private volatile String storageFailureSeenFor;

    ControlService(ControlStateStore store, AlertNotifier alerts, SyncMetrics metrics, SyncConfig config,
            TableSchedules schedules, ScheduleClock clock) {
        this.store = store;
        this.alerts = alerts;
        this.metrics = metrics;
        this.config = config;
        this.schedules = schedules;
        this.clock = clock;
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

    /**
     * Changes the default interval at once: the next run is due one new interval after the last start (or now).
     * Tables with their own interval (SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES) keep it.
     */
    public ControlState interval(int minutes) {
        if (minutes < SettingBounds.INTERVAL_MINUTES_MIN || minutes > SettingBounds.INTERVAL_MINUTES_MAX) {
            throw new IllegalArgumentException("interval_minutes must be between " + SettingBounds.INTERVAL_MINUTES_MIN
                    + " and " + SettingBounds.INTERVAL_MINUTES_MAX + ", got " + minutes);
        }
        return remember(store.update(s -> {
            Instant now = clock.now();
            Instant base = s.lastRunAt() != null ? s.lastRunAt() : now;
            Instant next = ControlStateStore.next(base, minutes);
            return s.withInterval(minutes).withNextRunAt(next.isBefore(now) ? now : next);
        }));
    }

    /** Whether a scheduled run of the tables on the default schedule may start now: not paused and it is due. */
    public boolean due(ControlState s) {
        return !s.paused() && (s.nextRunAt() == null || !clock.now().isBefore(s.nextRunAt()));
    }

    /**
     * The tables of {@code configured} a scheduled run should sync now, in configured order: none while paused; the
     * tables on the default schedule when it is due ({@link #due}); each table with its own interval when its own
     * next run is due. With no table having its own interval this is all tables or none, as before per-table
     * schedules.
     */
    public List<String> dueTables(ControlState s, Collection<String> configured) {
        if (s.paused()) {
            return List.of();
        }
        Instant now = clock.now();
        boolean defaultDue = due(s);
        List<String> out = new ArrayList<>();
        for (String table : configured) {
            if (schedules.intervalOf(table).isEmpty() ? defaultDue : !now.isBefore(scheduleOf(s, table, now).nextRunAt())) {
                out.add(table);
            }
        }
        return out;
    }

    /**
     * The schedule {@code table} follows in {@code s}: its own (interval and next run; due now when none is stored
     * yet, and recomputed from its last start when SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES changed since it was stored)
     * or the default one. The next run is null only for the default schedule before one was stored.
     */
    public ControlState.TableSchedule scheduleOf(ControlState s, String table) {
        return scheduleOf(s, table, clock.now());
    }

    private ControlState.TableSchedule scheduleOf(ControlState s, String table, Instant now) {
        Integer own = schedules.intervalOf(table).orElse(null);
        if (own == null) {
            return new ControlState.TableSchedule(s.intervalMinutes(), s.nextRunAt());
        }
        ControlState.TableSchedule stored = s.tableSchedules().get(table);
        if (stored == null) {
            return new ControlState.TableSchedule(own, now);
        }
        if (stored.intervalMinutes() != own) {
            Instant lastStart = stored.nextRunAt().minus(Duration.ofMinutes(stored.intervalMinutes()));
            return new ControlState.TableSchedule(own, ControlStateStore.next(lastStart, own));
        }
        return stored;
    }

    /**
     * Records that {@code run} started. A run that includes every table on the default schedule moves the default
     * next run one interval on (a run of some tables only, such as a one-table trigger, leaves it where it was);
     * each table of the run with its own interval gets its own next run one of its intervals after this start.
     */
    void runStarted(ActiveRun run, Collection<String> configured) {
        boolean allDefault = run.tables().containsAll(schedules.followingDefault(configured));
        Map<String, Integer> own = schedules.intervals();
        store.update(s -> {
            Map<String, ControlState.TableSchedule> tables = new LinkedHashMap<>();
            s.tableSchedules().forEach((table, schedule) -> {
                if (own.containsKey(table)) { // a table that lost its own interval follows the default again
                    tables.put(table, schedule);
                }
            });
            for (String table : run.tables()) {
                Integer minutes = own.get(table);
                if (minutes != null) {
                    tables.put(table, new ControlState.TableSchedule(minutes,
                            ControlStateStore.next(run.startedAt(), minutes)));
                }
            }
            return s.withRunStarted(run.startedAt(),
                    allDefault ? ControlStateStore.next(run.startedAt(), s.intervalMinutes()) : s.nextRunAt())
                    .withTableSchedules(tables);
        });
    }

    /**
     * Makes the next scheduled run of every table due now (after a restart interrupted a run or a load): the
     * default schedule's, and each table's own (forgotten: a table with no stored next run is due).
     */
    void dueNow() {
        store.update(c -> c.withNextRunAt(clock.now()).withTableSchedules(Map.of()));
    }

    /**
     * Records how {@code run} ended and pauses the schedule after a critical error or SYNC_MAX_FAILED_RUNS failed
     * runs in a row, alerting once; {@code critical} is the critical reason or null, {@code error} the first error.
     */
    void runFinished(ActiveRun run, RunResult result, String error, String critical) {
        int failures = RunResult.Status.FAILED.is(result.status()) ? consecutiveFailures.incrementAndGet()
                : resetFailures();
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
