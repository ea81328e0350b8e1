package io.mysqlmongosync.engine;

import java.time.Instant;

/**
 * The operator's choices and the schedule, shared by all replicas through {@code _sync_state}.
 *
 * @param paused whether scheduled runs are paused
 * @param pausedReason why (operator, or the critical error that paused it), or null
 * @param intervalMinutes minutes between scheduled runs
 * @param nextRunAt when the next scheduled run is due
 * @param lastRunAt when the last run started, or null
 * @param lastStatus status of the last finished run, or null
 */
public record ControlState(boolean paused, String pausedReason, int intervalMinutes, Instant nextRunAt,
        Instant lastRunAt, String lastStatus) {

    /** This state paused for {@code reason}. */
    public ControlState withPaused(String reason) {
        return new ControlState(true, reason, intervalMinutes, nextRunAt, lastRunAt, lastStatus);
    }

    /** This state resumed: not paused, no reason. */
    public ControlState withResumed() {
        return new ControlState(false, null, intervalMinutes, nextRunAt, lastRunAt, lastStatus);
    }

    /** This state with {@code minutes} between runs. */
    public ControlState withInterval(int minutes) {
        return new ControlState(paused, pausedReason, minutes, nextRunAt, lastRunAt, lastStatus);
    }

    /** This state with the next run due at {@code at}. */
    public ControlState withNextRunAt(Instant at) {
        return new ControlState(paused, pausedReason, intervalMinutes, at, lastRunAt, lastStatus);
    }

    /** This state with a run started at {@code at} and the next one due at {@code next}. */
    public ControlState withRunStarted(Instant at, Instant next) {
        return new ControlState(paused, pausedReason, intervalMinutes, next, at, lastStatus);
    }

    /** This state after a run that started at {@code startedAt} finished with {@code status}. */
    public ControlState withRunFinished(Instant startedAt, String status) {
        return new ControlState(paused, pausedReason, intervalMinutes, nextRunAt, startedAt, status);
    }
}
