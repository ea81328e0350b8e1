package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one state of the whole service in {@code GET /sync/status}, from the control state and the tables' states. */
class OverallStateTest {

    private static ControlState state(boolean paused, String reason) {
        return new ControlState(paused, reason, 15, Instant.now(), null, null);
    }

    private static StatusReport.Table table(String state) {
        return new StatusReport.Table("c", state, "incremental", null, 0, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void pausedByAnOperatorIsPausedButPausedByItselfIsFailed() {
        List<StatusReport.Table> fine = List.of(table("idle"));
        assertEquals("PAUSED", StatusService.overallState(state(true, "paused by operator"), fine));
        assertEquals("PAUSED", StatusService.overallState(state(true, null), fine));
        assertEquals("FAILED", StatusService.overallState(state(true, "critical error (auth): x"), fine));
        assertEquals("FAILED", StatusService.overallState(state(true, "3 failed runs in a row; last error: x"), fine));
    }

    @Test
    void failedOrBlockedTablesDegradeTheServiceAndAllOfThemFailIt() {
        ControlState on = state(false, null);
        assertEquals("RUNNING", StatusService.overallState(on, List.of(table("idle"), table("syncing"))));
        assertEquals("DEGRADED", StatusService.overallState(on, List.of(table("idle"), table("failed"))));
        assertEquals("DEGRADED", StatusService.overallState(on, List.of(table("blocked"), table("loading"))));
        assertEquals("FAILED", StatusService.overallState(on, List.of(table("blocked"), table("failed"))));
    }
}
