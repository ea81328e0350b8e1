package io.mysqlmongosync.source.binlog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.engine.BinlogStreams;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.AllColumns;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Schema history from the binlog's own column names ({@code --binlog-row-metadata=FULL}): the service's stream is
 * stopped (pause) across an ADD COLUMN, a RENAME COLUMN and a DROP COLUMN with rows changed before and after each;
 * on resume every event is replayed by column name (nothing blocked, nothing dead-lettered, every row event counted)
 * and the collection ends equal to the table, every row and field. A rename while the stream runs leaves every
 * document with the new field name only.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/binlog-schema-history"),
    @ResourceArg(name = "serverOptions", value = "--binlog-row-metadata=FULL")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinlogSchemaHistoryIT {

    private static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    SyncEngine engine;

    @Inject
    BinlogStreams streams;

    @Inject
    MongoClient mongo;

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void eventsWrittenAcrossAddRenameAndDropColumnAreReplayedByName() throws Exception {
        try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@binlog_row_metadata")) {
            rs.next();
            assertEquals("FULL", rs.getString(1));
            assertTrue(BinlogPreconditions.check(c, 5401).advice().isEmpty(), "FULL row metadata: no advice");
        }
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("items"), false);
        assertEquals("success", run.status(), run.toString());
        awaitStreamState("streaming");

        given().post("/sync/pause").then().statusCode(200);
        awaitStreamState("paused");
        double eventsBefore = events();
        BinlogSyncResource.server.exec(DB,
                "INSERT INTO items (id, name, qty, price) VALUES (10, 'ten', 10, 1.10), (11, 'eleven', 11, 1.20)",
                "UPDATE items SET qty = 21, name = 'kettle-2' WHERE id = 1",
                "DELETE FROM items WHERE id = 3",
                "ALTER TABLE items ADD COLUMN color VARCHAR(20) NULL DEFAULT 'plain' AFTER name",
                "INSERT INTO items (id, name, color, qty, price) VALUES (12, 'twelve', 'red', 12, 1.30)",
                "UPDATE items SET color = 'blue', qty = 22 WHERE id = 2",
                "UPDATE items SET name = 'ten-b' WHERE id = 10",
                "ALTER TABLE items RENAME COLUMN name TO title",
                "INSERT INTO items (id, title, color, qty, price) VALUES (13, 'thirteen', 'green', 13, 1.40)",
                "UPDATE items SET title = 'eleven-c', color = NULL WHERE id = 11",
                "ALTER TABLE items DROP COLUMN qty",
                "INSERT INTO items (id, title, color, price) VALUES (14, 'fourteen', 'black', 1.50)",
                "UPDATE items SET price = 9.99 WHERE id = 12",
                "DELETE FROM items WHERE id = 2");
        // as after a restart of the service: a run discovers the table afresh, with the columns after every change,
        // so the stream resumes with those and must place the older events' cells itself
        RunResult rediscovered = engine.run("manual", List.of("items"), false);
        assertEquals("success", rediscovered.status(), rediscovered.toString());
        double backfillsBefore = backfills();
        given().post("/sync/resume").then().statusCode(200);

        awaitEqual();
        // every row event was replayed and decoded: 12 row events, none blocked or dead-lettered
        await().atMost(Duration.ofSeconds(30)).until(() -> events() - eventsBefore >= 12);
        assertEquals(12.0, events() - eventsBefore, "row events applied after the resume");
        assertEquals(3.0, backfills() - backfillsBefore, "one re-read per column change");
        assertEquals(0, mongo.getDatabase("t_" + DB).getCollection("_sync_dead_letters").countDocuments(),
                "no row was dead-lettered");
        assertEquals("streaming", status("tables.items.capture.stream_state"));
        assertNull(status("tables.items.last_error"));

        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, title, color, price) VALUES (15, 'after', 'x', 2)",
                "UPDATE items SET title = 'one-again' WHERE id = 1");
        awaitEqual();
    }

    @Test
    @Order(2)
    void aRenameWhileStreamingLeavesOnlyTheNewFieldName() throws Exception {
        BinlogSyncResource.server.exec(DB, "UPDATE items SET title = 'before-rename' WHERE id = 10",
                "ALTER TABLE items RENAME COLUMN title TO label",
                "UPDATE items SET label = 'after-rename' WHERE id = 11",
                "INSERT INTO items (id, label, color, price) VALUES (16, 'sixteen', NULL, 3)");
        awaitEqual();
        assertEquals(0, items().countDocuments(new Document("title", new Document("$exists", true))),
                "no document keeps the old field name");
        assertEquals(items().countDocuments(), items().countDocuments(new Document("label",
                new Document("$exists", true))), "every document carries the new field name");
    }

    private void awaitEqual() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<Integer, Map<String, String>> source;
            try (Connection c = BinlogSyncResource.server.root(DB)) {
                source = AllColumns.rows(c, "items");
            }
            assertEquals(source, AllColumns.documents(items()), "streams: " + streams.status());
        });
    }

    private void awaitStreamState(String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state.equals(status("tables.items.capture.stream_state")));
    }

    private static String status(String path) {
        return given().get("/sync/status").then().statusCode(200).extract().path(path);
    }

    private MongoCollection<Document> items() {
        return mongo.getDatabase("t_" + DB).getCollection("items");
    }

    private double events() {
        return registry.find("sync_cdc_events_total").tag("table", "items").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double backfills() {
        Counter c = registry.find("sync_cdc_schema_backfills_total").tag("table", "items").counter();
        return c == null ? 0 : c.count();
    }
}
