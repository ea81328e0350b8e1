package io.mysqlmongosync.source.binlog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.BinlogStreams;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Binlog capture through the real path (configuration, engine run, stream, page writer, MongoDB): the first run
 * loads the table and starts streaming; 1,000 mixed inserts, updates and deletes that all carry the same
 * updated_at (invisible to a change-column poll) and a long transaction reach MongoDB without another run; an
 * ALTER TABLE mid-stream is followed by rows with the new column. Streamed changes apply in commit order (an
 * updated_at moving backwards lands) while an edit made in MongoDB still follows SYNC_CONFLICT_POLICY; the status
 * shows the stream; pause stops it and resume catches up from the checkpoint.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinlogCaptureIT {

    @Inject
    SyncEngine engine;

    @Inject
    BinlogStreams streams;

    @Inject
    MongoClient mongo;

    MongoCollection<Document> items() {
        return mongo.getDatabase("t_" + BinlogSyncResource.DATABASE).getCollection("items");
    }

    @Test
    @Order(1)
    void mixedChangesWithEqualTimestampsReachMongoWithoutAnotherRun() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("items"), false);
        assertEquals("success", run.status(), run.toString());
        assertEquals(3, items().countDocuments());

        Random random = new Random(19);
        try (Connection c = BinlogSyncResource.server.root(BinlogSyncResource.DATABASE); Statement s = c.createStatement()) {
            for (int i = 0; i < 700; i++) {
                int id = 10 + random.nextInt(200);
                switch (random.nextInt(3)) {
                    case 0 -> s.execute("INSERT INTO items VALUES (" + id + ", 'n" + i + "', " + i + ", " + i
                            + ".25, '2024-01-01 00:00:00') ON DUPLICATE KEY UPDATE name = 'u" + i + "', qty = " + i);
                    case 1 -> s.execute("UPDATE items SET qty = qty + 1, name = 'v" + i + "', updated_at = "
                            + "'2024-01-01 00:00:00' WHERE id = " + id);
                    default -> s.execute("DELETE FROM items WHERE id = " + id);
                }
            }
            c.setAutoCommit(false); // one long transaction: 300 changes applied together
            for (int i = 0; i < 300; i++) {
                int id = 300 + i % 150;
                s.execute("INSERT INTO items VALUES (" + id + ", 't" + i + "', " + i + ", 1.00, '2024-01-01 00:00:00')"
                        + " ON DUPLICATE KEY UPDATE qty = " + i);
                if (i % 7 == 0) {
                    s.execute("DELETE FROM items WHERE id = " + (300 + (i * 3) % 150));
                }
            }
            c.commit();
        }
        awaitEqual();
        assertTrue(streams.status().containsKey("items"), streams.status().toString());
    }

    @Test
    @Order(2)
    void alterTableMidStreamContinuesByColumnName() throws Exception {
        BinlogSyncResource.server.exec(BinlogSyncResource.DATABASE,
                "ALTER TABLE items ADD COLUMN color VARCHAR(20) NULL AFTER name",
                "INSERT INTO items (id, name, color, qty, price) VALUES (900, 'lamp', 'red', 1, 9.99)",
                "UPDATE items SET color = 'blue' WHERE id = 1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Document lamp = doc(900);
            assertEquals("red", lamp == null ? null : lamp.get("color"), String.valueOf(lamp));
            Document kettle = doc(1);
            assertEquals("blue", kettle == null ? null : kettle.get("color"));
        });
    }

    @Test
    @Order(3)
    void anUpdateWhoseUpdatedAtMovesBackwardsLandsWithoutConflict() throws Exception {
        BinlogSyncResource.server.exec(BinlogSyncResource.DATABASE,
                "UPDATE items SET name = 'older-clock', updated_at = '2020-01-01 00:00:00' WHERE id = 3");
        eventually(() -> "older-clock".equals(doc(3).getString("name")), "the update with an older updated_at lands");
        assertEquals(0, conflicts().countDocuments(new Document("doc_id", 3)), "commit order: no conflict");
    }

    @Test
    @Order(4)
    void anEditMadeInMongoDbUnderNewerWinsIsKeptAndRecorded() throws Exception {
        java.util.Date inAnHour = new java.util.Date(System.currentTimeMillis() + 3_600_000);
        items().updateOne(new Document("_id", 2), new Document("$set", new Document("name", "edited-in-mongo")
                .append("updated_at", inAnHour)));
        BinlogSyncResource.server.exec(BinlogSyncResource.DATABASE, "UPDATE items SET qty = 77 WHERE id = 2",
                "INSERT INTO items (id, name, qty, price) VALUES (950, 'marker', 1, 1.00)");
        eventually(() -> doc(950) != null, "the marker written after the update arrives");
        Document two = doc(2);
        assertEquals("edited-in-mongo", two.getString("name"), "the newer MongoDB edit wins: " + two);
        assertEquals(2, two.getInteger("qty"));
        Document conflict = conflicts().find(new Document("doc_id", 2)).first();
        assertTrue(conflict != null, "the conflict is recorded in _sync_conflicts");
        assertEquals("target", conflict.getString("winner"));
        assertEquals("newer-wins", conflict.getString("policy"));
    }

    @Test
    @Order(5)
    void statusAndTablesShowTheStream() throws Exception {
        eventually(() -> "streaming".equals(given().get("/sync/status").then().extract().path("tables.items.state")),
                "the table shows as streaming");
        given().get("/sync/status").then().statusCode(200)
                .body("tables.items.capture.mode", equalTo("binlog"))
                .body("tables.items.capture.stream_state", equalTo("streaming"))
                .body("tables.items.capture.connected", equalTo(true))
                .body("tables.items.capture.position", notNullValue())
                .body("tables.items.capture.gtid", notNullValue())
                .body("tables.items.capture.events_per_second", notNullValue())
                .body("tables.items.capture.lag_seconds", notNullValue())
                .body("tables.items.phase", equalTo("incremental"))
                .body("tables.items.cursor[0]", equalTo("binlog"));
        given().get("/sync/tables").then().statusCode(200)
                .body("find { it.name == 'items' }.capture_mode", equalTo("binlog"))
                .body("find { it.name == 'items' }.capture.stream_state", equalTo("streaming"));
    }

    @Test
    @Order(6)
    void pauseStopsTheStreamAndResumeCatchesUpFromTheCheckpoint() throws Exception {
        given().post("/sync/pause").then().statusCode(200);
        eventually(() -> "paused".equals(given().get("/sync/status").then().extract()
                .path("tables.items.capture.stream_state")), "the stream stops within seconds of the pause");
        eventually(() -> noBinlogReader(), "the binlog connection is closed");
        BinlogSyncResource.server.exec(BinlogSyncResource.DATABASE,
                "INSERT INTO items (id, name, qty, price) VALUES (960, 'while-paused', 1, 1.00)",
                "UPDATE items SET qty = 61 WHERE id = 1", "DELETE FROM items WHERE id = 950");
        Awaitility.await("nothing is applied while paused").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> doc(960) == null);
        given().post("/sync/resume").then().statusCode(200);
        awaitEqual(2); // document 2 keeps the MongoDB edit of the test before
        assertEquals(61, doc(1).getInteger("qty"));
        assertEquals(null, doc(950));
        assertEquals("streaming", given().get("/sync/status").then().extract().path("tables.items.capture.stream_state"));
    }

    private static boolean noBinlogReader() {
        try (Connection c = BinlogSyncResource.server.root(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE "
                        + "'Binlog Dump%'")) {
            rs.next();
            return rs.getInt(1) == 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Document doc(int id) {
        return items().find(new Document("_id", id)).first();
    }

    private MongoCollection<Document> conflicts() {
        return mongo.getDatabase("t_" + BinlogSyncResource.DATABASE).getCollection("_sync_conflicts");
    }

    /** Waits (30 s at most) until {@code condition} holds. */
    static void eventually(Callable<Boolean> condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(condition);
    }

    /** Waits until MongoDB holds the source's rows, but for the documents {@code except}. */
    private void awaitEqual(Integer... except) throws Exception {
        Map<Integer, String> source = source();
        List.of(except).forEach(source::remove);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<Integer, String> target = target();
            List.of(except).forEach(target::remove);
            assertEquals(source, target, "streams: " + streams.status());
        });
    }

    private static Map<Integer, String> source() throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = BinlogSyncResource.server.root(BinlogSyncResource.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name, qty, price FROM items")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getBigDecimal(4));
            }
        }
        return rows;
    }

    private Map<Integer, String> target() {
        Map<Integer, String> docs = new TreeMap<>();
        for (Document d : items().find()) {
            BigDecimal price = ((Decimal128) d.get("price")).bigDecimalValue();
            docs.put(d.getInteger("_id"), d.getString("name") + "|" + d.getInteger("qty") + "|" + price);
        }
        return docs;
    }
}
