package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.mysqlmongosync.testing.EngineFixture;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of scheduled work decided by the real ticks (SYNC_TICK=1s): the schedule's clock ({@link ScheduleClock}) is
 * {@link #clock}, which the test moves forward instead of waiting minutes, and the sync is paused after each test.
 */
abstract class ScheduleFixture extends EngineFixture {

    /** How long a scheduled run or repair may take to be decided by a tick and to finish. */
    static final Duration BOUND = Duration.ofSeconds(60);

    /** The schedule's time, {@code offset} ahead of the wall clock. */
    static class MovedClock extends ScheduleClock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public Instant now() {
            return Instant.now().plus(offset);
        }
    }

    @Inject
    ControlService control;

    final MovedClock clock = new MovedClock();

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, ScheduleClock.class);
    }

    @AfterEach
    void pause() {
        control.pause();
    }

    /** {@code GET /sync/status}. */
    static JsonPath status() {
        return given().get("/sync/status").then().statusCode(200).extract().jsonPath();
    }

    /** Waits until no run is running. */
    static void awaitIdle() {
        await("no run running").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> !given().get("/sync/status").then().extract().jsonPath().getBoolean("running"));
    }

    /** The scheduled repair state of {@code table} (its document in {@code _sync_checkpoints}), null before one. */
    Document repairState(String table) {
        return coll("_sync_checkpoints").find(new Document("_id", "repair:" + table)).first();
    }

    /** Waits for a repair of {@code table} that finished after {@code since}; returns its figures. */
    Document awaitRepairAfter(String table, Instant since) {
        await("a repair of " + table + " after " + since).atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Document state = repairState(table);
                    Document last = state == null ? null : state.get("last", Document.class);
                    return last != null && last.getDate("finished_at").toInstant().isAfter(since);
                });
        return repairState(table).get("last", Document.class);
    }
}
