package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.LastResult;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hard deletes are reconciled whatever the key's type: rows deleted from a table keyed by (INT, VARBINARY), from one
 * keyed by a BINARY(16) id and from one keyed by (DATE, DATETIME(6), BIT, SET, DOUBLE) lose their documents on the
 * next reconciling pass triggered through the API, and verification/repair finds and removes such documents too;
 * a FLOAT key, which cannot be looked up exactly, keeps its documents and is named in {@code /sync/status}.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_binary_keys"),
    @ResourceArg(name = "schema", value = "/db/binary_keys.sql"),
    @ResourceArg(name = "tables", value = "attachments,sessions,readings,gauges"),
    @ResourceArg(name = "sync.batch-size", value = "3"),
    @ResourceArg(name = "sync.reconcile-every-runs", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class HardDeleteKeysIT extends EngineFixture {

    static final String DB = "mms_binary_keys";
    static final HexFormat HEX = HexFormat.of();

    @Inject
    SyncController controller;

    @Test
    @Order(1)
    void deletedRowsOfEveryReconcilableKeyTypeLoseTheirDocumentsOnTheNextReconcilingPass() {
        // Values that differ only in trailing zero bytes or case of hex: a lookup that pads, trims or compares as
        // text would keep or delete the wrong one.
        TestDatabase.exec(DB, "INSERT INTO attachments (owner_id, digest, name) VALUES (1, UNHEX('00ff10'), 'a'),"
                + " (1, UNHEX('00ff11'), 'b'), (1, UNHEX('aa'), 'c'), (1, UNHEX('aa00'), 'd'), (2, UNHEX('00ff10'), 'e'),"
                + " (2, UNHEX(''), 'f'), (3, UNHEX('ffffffff'), 'g')");
        TestDatabase.exec(DB, "INSERT INTO sessions (id, user_name) VALUES"
                + " (UNHEX('0123456789abcdef0123456789abcdef'), 'ann'), (UNHEX('0123456789abcdef0123456789abcde0'), 'bob'),"
                + " (UNHEX('ab'), 'cid'), (UNHEX('ab01'), 'dan'), (UNHEX('ffffffffffffffffffffffffffffffff'), 'eve')");
        TestDatabase.exec(DB, "INSERT INTO readings (day, taken_at, sensor, tags, ratio, reading) VALUES"
                + " ('2024-01-01', '2024-01-01 10:00:00.123456', 5, 'wet,hot', 1e0/3e0, 1),"
                + " ('2024-01-01', '2024-01-01 10:00:00.123457', 6, 'wet,hot', 1e0/3e0, 2),"
                + " ('2024-01-01', '2024-01-01 10:00:00.124000', 5, 'wet,hot', 1e0/3e0, 3),"
                + " ('2024-01-02', '2024-01-02 00:00:00', 255, '', 0.1e0 + 0.2e0, 4),"
                + " ('2024-01-02', '2024-01-02 00:00:00', 0, 'cold', 1e300, 5)");
        TestDatabase.exec(DB, "INSERT INTO gauges (level, label) VALUES (1.1, 'low'), (3.3, 'high')");
        String load = trigger("{}");
        assertEquals(7, coll("attachments").countDocuments());
        assertEquals(5, coll("sessions").countDocuments());
        assertEquals(5, coll("readings").countDocuments());
        assertEquals(2, coll("gauges").countDocuments());
        assertEquals(7, lastResult("attachments", load).getInt("created"));

        TestDatabase.exec(DB, "DELETE FROM attachments WHERE (owner_id = 1 AND digest IN (UNHEX('00ff10'), UNHEX('aa00')))"
                + " OR (owner_id = 2 AND digest = UNHEX(''))");
        // BINARY(16) pads 'ab' with zero bytes, and the stored (padded) value is the one to name.
        TestDatabase.exec(DB, "DELETE FROM sessions WHERE id IN (UNHEX('0123456789abcdef0123456789abcdef'),"
                + " UNHEX('ab000000000000000000000000000000'))");
        TestDatabase.exec(DB, "DELETE FROM readings WHERE reading IN (1, 5)");
        TestDatabase.exec(DB, "DELETE FROM gauges WHERE label = 'low'");

        String plain = trigger("{}");
        assertEquals(7, coll("attachments").countDocuments(), "a pass without reconciliation sees no hard delete");
        assertEquals(0, lastResult("attachments", plain).getInt("hard_deleted"));

        String reconciling = trigger("{\"reconcile\": true}");
        assertEquals(Set.of("1:00ff11", "1:aa", "2:00ff10", "3:ffffffff"), attachmentKeys());
        assertEquals(Set.of("0123456789abcdef0123456789abcde0", "ab010000000000000000000000000000",
                "ffffffffffffffffffffffffffffffff"), sessionKeys());
        assertEquals(Set.of(2, 3, 4), readingsLeft());
        assertEquals(3, lastResult("attachments", reconciling).getInt("hard_deleted"));
        assertEquals(2, lastResult("sessions", reconciling).getInt("hard_deleted"));
        assertEquals(2, lastResult("readings", reconciling).getInt("hard_deleted"));
        Document bob = coll("sessions").find(new Document("_id",
                new Binary(HEX.parseHex("0123456789abcdef0123456789abcde0")))).first();
        assertEquals("bob", bob.getString("user_name"), "the remaining documents are untouched");
        assertEquals("c", coll("attachments").find(new Document("_id", new Document("owner_id", 1)
                .append("digest", new Binary(HEX.parseHex("aa"))))).first().getString("name"));

        // FLOAT: no exact way back from the document's double to the stored value; named, nothing deleted.
        assertEquals(2, coll("gauges").countDocuments(), "a key that cannot be looked up deletes nothing");
        assertEquals(0, lastResult("gauges", reconciling).getInt("hard_deleted"));
        JsonPath status = given().get("/sync/status").then().statusCode(200).extract().jsonPath();
        String problem = status.getString("tables.gauges.reconcile_problem");
        assertTrue(problem != null && problem.contains("table gauges") && problem.contains("key column level (float)"),
                String.valueOf(problem));
        for (String table : List.of("attachments", "sessions", "readings")) {
            assertNull(status.getString("tables." + table + ".reconcile_problem"), table);
        }
    }

    @Test
    @Order(2)
    void verificationFindsAndRepairRemovesTheDocumentsOfDeletedBinaryKeyedRows() {
        TestDatabase.exec(DB, "DELETE FROM sessions WHERE id = UNHEX('ffffffffffffffffffffffffffffffff')");
        TestDatabase.exec(DB, "DELETE FROM attachments WHERE owner_id = 3");

        JsonPath verified = verification("/sync/verify");
        assertEquals(1, verified.getInt("tables.sessions.extra"));
        assertEquals(2, verified.getInt("tables.sessions.matching"));
        assertEquals(1, verified.getInt("tables.attachments.extra"));
        assertEquals(0, verified.getInt("tables.readings.extra"));
        assertNull(verified.getString("tables.sessions.error"));
        assertTrue(verified.getString("tables.gauges.error").contains("key column level (float)"),
                verified.getString("tables.gauges.error"));

        JsonPath repaired = verification("/sync/repair");
        assertEquals(1, repaired.getInt("tables.sessions.repaired"));
        assertEquals(1, repaired.getInt("tables.attachments.repaired"));
        assertEquals(Set.of("0123456789abcdef0123456789abcde0", "ab010000000000000000000000000000"), sessionKeys());
        assertEquals(Set.of("1:00ff11", "1:aa", "2:00ff10"), attachmentKeys());
    }

    private Set<String> attachmentKeys() {
        Set<String> keys = new TreeSet<>();
        for (Document d : coll("attachments").find()) {
            Document id = d.get("_id", Document.class);
            keys.add(id.getInteger("owner_id") + ":" + HEX.formatHex(((Binary) id.get("digest")).getData()));
        }
        return keys;
    }

    private Set<String> sessionKeys() {
        Set<String> keys = new TreeSet<>();
        for (Document d : coll("sessions").find()) {
            keys.add(HEX.formatHex(((Binary) d.get("_id")).getData()));
        }
        return keys;
    }

    private Set<Integer> readingsLeft() {
        Set<Integer> left = new TreeSet<>();
        for (Document d : coll("readings").find()) {
            left.add(d.getInteger("reading"));
        }
        return left;
    }

    /** POSTs /sync/trigger with {@code body} and waits for the run to finish; returns its id. */
    private String trigger(String body) {
        String runId = given().contentType(ContentType.JSON).body(body).post("/sync/trigger").then().statusCode(202)
                .extract().path("run_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> controller.activeRun() == null
                && runId.equals(lastResult("attachments", null).getString("run_id")));
        for (String table : List.of("attachments", "sessions", "readings", "gauges")) {
            assertEquals("success", lastResult(table, runId).getString("status"), table);
        }
        return runId;
    }

    /** The table's last result in /sync/status, asserted to be of run {@code runId} when that is not null. */
    private static LastResult lastResult(String table, String runId) {
        LastResult r = LastResult.of(table);
        if (runId != null) {
            assertEquals(runId, r.getString("run_id"), table);
        }
        return r;
    }

    /** POSTs {@code path} (verify or repair) and waits for the verification to finish. */
    private JsonPath verification(String path) {
        String id = given().post(path).then().statusCode(202).extract().path("verification_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath v = given().get("/sync/verification").then().statusCode(200).extract().jsonPath();
            return id.equals(v.getString("verification_id")) && !"running".equals(v.getString("status"));
        });
        return given().get("/sync/verification").then().statusCode(200).extract().jsonPath();
    }

}
