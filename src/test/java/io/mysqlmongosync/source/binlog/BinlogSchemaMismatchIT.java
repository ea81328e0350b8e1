package io.mysqlmongosync.source.binlog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.AllColumns;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without column names in the binlog (the server's default {@code binlog_row_metadata}): a stream replaying an
 * event written before an ADD COLUMN cannot place its cells, so its table is blocked, shown in {@code /sync/status}
 * as {@code blocked} / {@code schema_mismatch} with a {@code last_error} naming the table, the column counts and
 * the fix, and never as a healthy stream; a pass of the table fails instead of reporting success; the reload the
 * error names brings the table back to streaming and its collection equal to the table. A running stream that sees
 * an ADD and a DROP COLUMN as they happen goes on without names.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/binlog-schema-mismatch")})
class BinlogSchemaMismatchIT {

    private static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    SyncEngine engine;

    @Inject
    MongoClient mongo;

    @Test
    void aRowWrittenBeforeAnAddedColumnBlocksTheTableVisiblyUntilItIsReloaded() throws Exception {
        try (Connection c = BinlogSyncResource.server.root(DB)) {
            List<String> advice = BinlogPreconditions.check(c, 5401).advice();
            assertEquals(1, advice.size(), advice.toString());
            assertTrue(advice.get(0).contains("binlog_row_metadata is NO_LOG, not FULL"), advice.get(0));
        }
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("items"), false);
        assertEquals("success", run.status(), run.toString());
        awaitStreamState("streaming");

        given().post("/sync/pause").then().statusCode(200);
        awaitStreamState("paused");
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (10, 'ten', 10, 1.10)",
                "ALTER TABLE items ADD COLUMN color VARCHAR(20) NULL AFTER name",
                "INSERT INTO items (id, name, color, qty, price) VALUES (11, 'eleven', 'red', 11, 1.20)");
        // as after a restart of the service: a run discovers the table afresh, with the columns after every change,
        // so the stream resumes with those and must place the older events' cells itself
        RunResult rediscovered = engine.run("manual", List.of("items"), false);
        assertEquals("success", rediscovered.status(), rediscovered.toString());
        given().post("/sync/resume").then().statusCode(200);

        awaitStreamState("schema_mismatch");
        JsonPath status = given().get("/sync/status").then().statusCode(200).extract().jsonPath();
        assertEquals("blocked", status.getString("tables.items.state"));
        assertNotEquals("RUNNING", status.getString("state"), "a blocked table is not a healthy service");
        String error = status.getString("tables.items.last_error");
        assertTrue(error != null && error.contains("Table items") && error.contains("5 columns")
                && error.contains("the schema 6") && error.contains("binlog_row_metadata=FULL")
                && error.contains("\"force_full_sync\": true"), error);
        assertEquals(error, status.getString("tables.items.capture.error"));
        assertFalse(status.getBoolean("tables.items.capture.connected"), "the blocked stream reads nothing");

        RunResult pass = engine.run("manual", List.of("items"), false);
        assertEquals("failed", pass.tables().get(0).status(), "a pass of a blocked table is no success");
        assertEquals("schema_mismatch", streamState(), "the block stays: no restart loop");

        given().contentType("application/json").body("{\"tables\": [\"items\"], \"force_full_sync\": true}")
                .post("/sync/trigger").then().statusCode(202);
        awaitStreamState("streaming");
        BinlogSyncResource.server.exec(DB, "UPDATE items SET color = 'blue' WHERE id = 1");
        awaitTargetEqual();
        assertEquals("streaming", given().get("/sync/status").then().extract().path("tables.items.state"));

        // A stream that reaches each ALTER before the next one happens reads the columns there, names or not: rows
        // before and after an added and then a dropped column (in one batch or not) are each decoded with their own
        // columns, and nothing blocks. (The columns are read when the stream reaches the statement: a stream that
        // reached the ADD only after the DROP had happened would find the row between them out of shape, and block.)
        BinlogSyncResource.server.exec(DB, "UPDATE items SET qty = 40 WHERE id = 2",
                "ALTER TABLE items ADD COLUMN size INT NULL DEFAULT 7 AFTER qty",
                "INSERT INTO items (id, name, color, qty, size, price) VALUES (20, 'twenty', 'x', 1, 3, 2.00)",
                "UPDATE items SET qty = 41 WHERE id = 3");
        awaitTargetEqual();
        BinlogSyncResource.server.exec(DB, "ALTER TABLE items DROP COLUMN color",
                "UPDATE items SET name = 'one' WHERE id = 1");
        awaitTargetEqual();
        assertEquals("streaming", streamState());
    }

    private void awaitTargetEqual() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            try (Connection c = BinlogSyncResource.server.root(DB)) {
                assertEquals(AllColumns.rows(c, "items"), AllColumns.documents(mongo.getDatabase("t_" + DB)
                        .getCollection("items")));
            }
        });
    }

    private static void awaitStreamState(String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state.equals(streamState()));
    }

    private static String streamState() {
        return given().get("/sync/status").then().statusCode(200).extract().path("tables.items.capture.stream_state");
    }
}
