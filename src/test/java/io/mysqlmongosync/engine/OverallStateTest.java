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
        assertEquals("PAUSED", StatusService.overallState(state(true, "paused by operator"), fine, false));
        assertEquals("PAUSED", StatusService.overallState(state(true, null), fine, false));
        assertEquals("FAILED", StatusService.overallState(state(true, "critical error (auth): x"), fine, false));
        assertEquals("FAILED", StatusService.overallState(state(true, "3 failed runs in a row; last error: x"), fine,
                false));
    }

    @Test
    void theRecordedCauseDecidesOverTheReasonText() {
        List<StatusReport.Table> fine = List.of(table("idle"));
        ControlState base = state(false, null);
        assertEquals("PAUSED", StatusService.overallState(base.withPaused("operator", "critical error? no"), fine,
                false));
        assertEquals("FAILED", StatusService.overallState(base.withPaused("mysql_auth", "login refused"), fine, false));
        assertEquals("PAUSED", StatusService.overallState(base.withPaused("config", "SYNC_ENABLED=false"), fine,
                false));
    }

    @Test
    void aDependencyThatRefusesTheSyncOrDoesNotAnswerFailsItUnlessAnOperatorPausedIt() {
        List<StatusReport.Table> fine = List.of(table("idle"));
        assertEquals("FAILED", StatusService.overallState(state(false, null), fine, true));
        assertEquals("PAUSED", StatusService.overallState(state(true, "paused by operator"), fine, true));
    }

    @Test
    void failedOrBlockedTablesDegradeTheServiceAndAllOfThemFailIt() {
        ControlState on = state(false, null);
        assertEquals("RUNNING", StatusService.overallState(on, List.of(table("idle"), table("syncing")), false));
        assertEquals("DEGRADED", StatusService.overallState(on, List.of(table("idle"), table("failed")), false));
        assertEquals("DEGRADED", StatusService.overallState(on, List.of(table("blocked"), table("loading")), false));
        assertEquals("FAILED", StatusService.overallState(on, List.of(table("blocked"), table("failed")), false));
    }
}
