package io.mysqlmongosync.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The operator's choices and the schedule, shared by all replicas through {@code _sync_state}.
 *
 * @param paused whether scheduled runs are paused
 * @param pausedReason why (operator, or the critical error that paused it), or null
 * @param pausedBy who or what paused it: {@value #BY_OPERATOR}, {@value #BY_CONFIG} (SYNC_ENABLED=false), a
 *     critical reason ({@code mysql_auth}, {@code mongodb_auth}, {@code storage}, {@code schema}) or
 *     {@value #BY_REPEATED_FAILURES}; null when not paused or stored before causes were recorded
 * @param intervalMinutes minutes between scheduled runs
 * @param nextRunAt when the next scheduled run is due
 * @param lastRunAt when the last run started, or null
 * @param lastStatus status of the last finished run, or null
 * @param tableSchedules the schedules of the tables with their own interval ({@code SYNC_<TABLE>_INTERVAL_MINUTES}),
 *     by table; never null. A table absent here follows the schedule above ({@code intervalMinutes},
 *     {@code nextRunAt}); one with its own interval and no entry yet is due now.
 */
public record ControlState(boolean paused, String pausedReason, String pausedBy, int intervalMinutes,
        Instant nextRunAt, Instant lastRunAt, String lastStatus, Map<String, TableSchedule> tableSchedules) {

    /**
     * The schedule of one table with its own interval.
     *
     * @param intervalMinutes the interval its next run was computed with (its SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES then)
     * @param nextRunAt when its next scheduled run is due
     */
    public record TableSchedule(int intervalMinutes, Instant nextRunAt) {
    }

    /** Paused by {@code POST /sync/pause}: only an operator resumes it. */
    public static final String BY_OPERATOR = "operator";
    /** Paused by {@code SYNC_ENABLED=false}. */
    public static final String BY_CONFIG = "config";
    /** Paused after SYNC_MAX_FAILED_RUNS failed runs in a row. */
    public static final String BY_REPEATED_FAILURES = "repeated_failures";
    /**
     * Causes that lie in a dependency the connection checks cover (the login, the database, the table privileges,
     * the write probe): such a pause ends by itself once that check passes again.
     */
    private static final Set<String> DEPENDENCY_CAUSES = Set.of("mysql_auth", "mongodb_auth", "storage");

    /** Copies {@code tableSchedules} (null: none). */
    public ControlState {
        tableSchedules = tableSchedules == null ? Map.of() : Map.copyOf(tableSchedules);
    }

    /** A state without per-table schedules. */
    public ControlState(boolean paused, String pausedReason, String pausedBy, int intervalMinutes,
            Instant nextRunAt, Instant lastRunAt, String lastStatus) {
        this(paused, pausedReason, pausedBy, intervalMinutes, nextRunAt, lastRunAt, lastStatus, Map.of());
    }

    /** A state without a recorded cause (as stored before causes were). */
    public ControlState(boolean paused, String pausedReason, int intervalMinutes, Instant nextRunAt,
            Instant lastRunAt, String lastStatus) {
        this(paused, pausedReason, null, intervalMinutes, nextRunAt, lastRunAt, lastStatus);
    }

    /** This state paused by an operator for {@code reason}. */
    public ControlState withPaused(String reason) {
        return withPaused(BY_OPERATOR, reason);
    }

    /** This state paused by {@code cause} for {@code reason}. */
    public ControlState withPaused(String cause, String reason) {
        return new ControlState(true, reason, cause, intervalMinutes, nextRunAt, lastRunAt, lastStatus,
                tableSchedules);
    }

    /** This state resumed: not paused, no reason. */
    public ControlState withResumed() {
        return new ControlState(false, null, null, intervalMinutes, nextRunAt, lastRunAt, lastStatus, tableSchedules);
    }

    /** This state with {@code minutes} between runs. */
    public ControlState withInterval(int minutes) {
        return new ControlState(paused, pausedReason, pausedBy, minutes, nextRunAt, lastRunAt, lastStatus,
                tableSchedules);
    }

    /** This state with the next run due at {@code at}. */
    public ControlState withNextRunAt(Instant at) {
        return new ControlState(paused, pausedReason, pausedBy, intervalMinutes, at, lastRunAt, lastStatus,
                tableSchedules);
    }

    /** This state with a run started at {@code at} and the next one due at {@code next}. */
    public ControlState withRunStarted(Instant at, Instant next) {
        return new ControlState(paused, pausedReason, pausedBy, intervalMinutes, next, at, lastStatus,
                tableSchedules);
    }

    /** This state after a run that started at {@code startedAt} finished with {@code status}. */
    public ControlState withRunFinished(Instant startedAt, String status) {
        return new ControlState(paused, pausedReason, pausedBy, intervalMinutes, nextRunAt, startedAt, status,
                tableSchedules);
    }

    /** This state with the per-table schedules {@code schedules}. */
    public ControlState withTableSchedules(Map<String, TableSchedule> schedules) {
        return new ControlState(paused, pausedReason, pausedBy, intervalMinutes, nextRunAt, lastRunAt, lastStatus,
                schedules);
    }

    /**
     * The dependency ({@code mysql} or {@code mongodb}) whose check decides when this pause ends by itself, or null
     * when only an operator (or a new configuration) ends it.
     */
    public String resolvingDependency() {
        if (!paused || pausedBy == null || !DEPENDENCY_CAUSES.contains(pausedBy)) {
            return null;
        }
        return pausedBy.startsWith("mysql") ? "mysql" : "mongodb";
    }

    /** Whether the service paused itself (a critical error or repeated failures), not an operator or SYNC_ENABLED. */
    public boolean pausedByFailure() {
        if (!paused) {
            return false;
        }
        if (pausedBy != null) {
            return !BY_OPERATOR.equals(pausedBy) && !BY_CONFIG.equals(pausedBy);
        }
        String reason = pausedReason == null ? "" : pausedReason; // stored before causes were
        return reason.startsWith("critical error") || reason.contains("failed runs in a row");
    }
}
