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
}
