package io.mysqlmongosync.testing;

import static org.awaitility.Awaitility.await;

import io.mysqlmongosync.engine.SyncController;
import java.time.Duration;

/** Waits on the run (or verification) in progress of the service under test. */
public final class ActiveRuns {

    private ActiveRuns() {
    }

    /**
     * Waits until {@code controller} has no run in progress, {@code timeout} at most. A trigger takes the run slot
     * before it answers, so a run triggered just before is waited for.
     */
    public static void awaitNone(SyncController controller, Duration timeout) {
        await("no run in progress").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> controller.activeRun() == null);
    }
}
