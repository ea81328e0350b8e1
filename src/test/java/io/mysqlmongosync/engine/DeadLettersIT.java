package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.LogCapture;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A row that cannot become a document never stops its table: a 17 MiB LONGBLOB (a document over MongoDB's 16 MiB
 * limit, which the driver refuses together with its whole bulk write) and a date java.time refuses, among good
 * rows, on the initial load and on the binlog stream. Every other row arrives; the bad rows are logged with their
 * table and key, counted in {@code sync_dead_letters_total{table,reason}}, recorded once per key in
 * {@code _sync_dead_letters} and listed by {@code GET /sync/dead-letters}; a row fixed at the source is written by
 * the stream and its entry removed. Its own binlog MariaDB allows 64 MB packets, so the 17 MiB row can be written
 * and streamed.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/dead-letters"),
    @ResourceArg(name = "serverOptions", value = "--max-allowed-packet=64M"),
    @ResourceArg(name = "setup", value = "/db/dead-letters.sql"),
    @ResourceArg(name = "tables", value = "files")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLettersIT extends EngineFixture {

    static final String DB = BinlogSyncResource.DATABASE;
    static final int BIG = 17 * 1024 * 1024;
    static LogCapture logs;

    @Inject
    BinlogStreams streams;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.of(PageWriter.class);
    }

    @AfterAll
    static void releaseLogs() {
        logs.detach();
    }

    MongoCollection<Document> files() {
        return coll("files");
    }

    @Test
    @Order(1)
    void theLoadSkipsTheBadRowsRecordsThemAndLoadsEveryOtherRow() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("files"), false);
        assertEquals("success", run.status(), run.toString());
        TableResult t = run.tables().get(0);
        assertEquals(4, t.created(), t.toString());
        // skipped once: the load's re-read of its look-back window counts them as re-read, not skipped again
        assertEquals(2, t.skipped(), t.toString());
        assertEquals(List.of(1, 2, 4, 5), ids(), "every good row is loaded, the bad ones are not");
        assertEquals("five", files().find(new Document("_id", 5)).first().getString("name"));

        Map<String, Map<String, Object>> letters = deadLetters();
        assertEquals(List.of("id=3", "id=6"), new ArrayList<>(letters.keySet()), letters.toString());
        Map<String, Object> big = letters.get("id=3");
        assertEquals("files", big.get("table"));
        assertEquals("too_large", big.get("reason"));
        assertEquals("load", big.get("mode"));
        assertEquals(3, big.get("doc_id"));
        assertTrue(String.valueOf(big.get("problem")).contains("more than MongoDB stores (16777216 bytes)"),
                big.toString());
        assertNotNull(big.get("first_at"));
        Map<String, Object> date = letters.get("id=6");
        assertEquals("conversion", date.get("reason"), date.toString());
        assertEquals("load", date.get("mode"));
        assertNull(date.get("doc_id"), "a row that did not convert has no _id");
        assertEquals(1.0, metric("too_large"));
        assertEquals(1.0, metric("conversion"));
        assertSkipLogged(3, 6);
        assertEquals(2L, coll("_sync_dead_letters").countDocuments());
    }

    @Test
    @Order(2)
    void theStreamSkipsTheBadRowsAndEverythingAfterThemArrives() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> streams.status().get("files") != null
                        && "streaming".equals(streams.status().get("files").streamState()));
        try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
            s.execute("INSERT INTO files (id, name, data) VALUES (7, 'seven', 'g')");
            s.execute("INSERT INTO files (id, name, data) VALUES (8, 'big too', REPEAT('y', " + BIG + "))");
            s.execute("INSERT INTO files (id, name, data, due) VALUES (9, 'bad date too', 'i', '2023-04-31')");
            s.execute("INSERT INTO files (id, name, data) VALUES (10, 'ten', 'j')");
            s.execute("UPDATE files SET name = 'one, renamed' WHERE id = 1");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> files().find(new Document("_id", 10)).first() != null
                        && "one, renamed".equals(files().find(new Document("_id", 1)).first().getString("name")));
        // One more change in a later transaction: the stream goes on after the batch with the bad rows.
        BinlogSyncResource.server.exec(DB, "INSERT INTO files (id, name, data) VALUES (11, 'eleven', 'k')");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> files().find(new Document("_id", 11)).first() != null);
        assertEquals(List.of(1, 2, 4, 5, 7, 10, 11), ids());

        Map<String, Map<String, Object>> letters = deadLetters();
        assertEquals(List.of("id=3", "id=6", "id=8", "id=9"), new ArrayList<>(letters.keySet()), letters.toString());
        assertEquals("too_large", letters.get("id=8").get("reason"));
        assertEquals("stream", letters.get("id=8").get("mode"));
        assertEquals(8, letters.get("id=8").get("doc_id"));
        assertEquals("conversion", letters.get("id=9").get("reason"), letters.get("id=9").toString());
        assertEquals("stream", letters.get("id=9").get("mode"));
        assertEquals(2.0, metric("too_large"));
        assertEquals(2.0, metric("conversion"));
        assertSkipLogged(8, 9);
    }

    @Test
    @Order(3)
    void aRowFixedAtTheSourceIsWrittenAndItsEntryRemoved() throws Exception {
        BinlogSyncResource.server.exec(DB, "UPDATE files SET data = 'small now' WHERE id IN (3, 8)",
                "UPDATE files SET due = '2023-04-30' WHERE id = 9");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ids().equals(List.of(1, 2, 3, 4, 5, 7, 8, 9, 10, 11)));
        assertEquals("big", files().find(new Document("_id", 3)).first().getString("name"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> deadLetters().keySet().equals(java.util.Set.of("id=6")));
        assertEquals(1L, given().get("/sync/dead-letters").then().statusCode(200).extract().jsonPath().getLong("total"));
        assertEquals(2.0, metric("too_large"), "a fixed row is not counted again");
    }

    private List<Integer> ids() {
        return ids(files());
    }

    /** The {@code _id}s of {@code files}, in order. */
    static List<Integer> ids(MongoCollection<Document> files) {
        List<Integer> ids = new ArrayList<>();
        files.find().projection(new Document("_id", 1)).forEach(d -> ids.add(d.getInteger("_id")));
        ids.sort(null);
        return ids;
    }

    /** {@code GET /sync/dead-letters?table=files}, by key. */
    static Map<String, Map<String, Object>> deadLetters() {
        JsonPath body = given().get("/sync/dead-letters?table=files").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> byKey = new TreeMap<>();
        List<Map<String, Object>> entries = body.getList("dead_letters");
        for (Map<String, Object> e : entries) {
            byKey.put((String) e.get("key"), e);
        }
        assertEquals(entries.size(), body.getInt("total"));
        return byKey;
    }

    /** {@code sync_dead_letters_total{table="files",reason}}. */
    /** The WARNs name the skipped rows: {@code tooLarge} as too large for MongoDB, {@code unconverted} by its id. */
    static void assertSkipLogged(int tooLarge, int unconverted) {
        List<String> messages = logs.messages();
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Skipped row of table files (id=" + tooLarge
                + "): its document is")), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Skipped row of table files (id=" + unconverted
                + "):")), String.join("\n", messages));
    }

    static double metric(String reason) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith("sync_dead_letters_total{") && line.contains("table=\"files\"")
                    && line.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
