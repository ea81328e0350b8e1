package io.mysqlmongosync.testing;

import static io.restassured.RestAssured.given;
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

    /**
     * Triggers a run of every table through the API and waits (60 s at most) until it has ended on
     * {@code controller}: its result is the last one and the slot is free. Returns the run's id.
     */
    public static String triggerAndAwait(SyncController controller) {
        String id = given().contentType("application/json").body("{}").post("/sync/trigger").then().statusCode(202)
                .extract().path("run_id");
        await("run " + id + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> controller.activeRun() == null && controller.lastResult() != null
                        && id.equals(controller.lastResult().id()));
        return id;
    }
}
