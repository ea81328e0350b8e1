package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.WritePolicy;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.CriticalSyncException;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.Document;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Storage: an out-of-space write error takes the critical path (pause, storage alert, no retry, checkpoint kept),
 * and the data size of the target collections is exposed as {@code sync_target_data_bytes{collection}}.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_storage"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.batch-size", value = "2"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class StorageIT {

    static final String DB = "mms_storage";

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    @Inject
    StorageMonitor monitor;

    @Inject
    BulkUpserter writer;

    @Test
    @Order(1)
    void outOfSpaceWritePausesWithStorageAlertAndTheCheckpointDoesNotAdvance() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.50 FROM seq_1_to_3");
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(1);
        assertEquals(3, products().countDocuments());
        Document before = checkpoint();
        assertNotNull(before.get("cursor"), "the initial load ended with a change cursor: " + before);

        // the new rows' updated_at lies after the stored cursor
        await().atMost(Duration.ofSeconds(5)).until(() -> TestDatabase.scalar(DB,
                "SELECT NOW(6) > MAX(updated_at) FROM products") == 1);
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 2.50 FROM seq_4_to_7");
        TestDatabase.exec(DB, "UPDATE products SET price = 9.99 WHERE id = 1");
        BulkUpserter real = ClientProxy.unwrap(writer);
        OutOfSpaceUpserter full = new OutOfSpaceUpserter();
        QuarkusMock.installMockForType(full, BulkUpserter.class);
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(2);

        given().get("/sync/status").then().body("paused", equalTo(true))
                .body("paused_reason", containsString("critical error (storage)"))
                .body("paused_reason", containsString("No space left on device"));
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertEquals(1.0, metric(metrics, "sync_alerts_total{reason=\"storage\"}"));
        assertEquals(1.0, metric(metrics, "sync_paused"));
        assertEquals(1, full.calls(), "one attempt: a full disk is not retried, and the run stopped at once");
        Document after = checkpoint();
        for (String field : List.of("phase", "load_clock", "load_position", "cursor", "null_cursor")) {
            assertEquals(before.get(field), after.get(field), field + " of the checkpoint moved");
        }
        assertEquals(3, products().countDocuments(), "nothing was written");
        assertEquals("failed", history().get(0).get("status"));

        // Space freed: resume, and the next run picks up exactly where the checkpoint stood.
        QuarkusMock.installMockForType(real, BulkUpserter.class);
        given().post("/sync/resume").then().statusCode(200).body("paused", equalTo(false));
        given().post("/sync/pause").then().statusCode(200); // no scheduled run in the middle of the test
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(3);
        assertEquals("success", history().get(0).get("status"), history().get(0).toString());
        assertEquals(7, products().countDocuments());
        assertEquals("9.99", products().find(new Document("_id", 1)).first().get("price").toString());
        assertFalse(before.get("cursor").equals(checkpoint().get("cursor")), "the checkpoint moves again");
    }

    @Test
    @Order(2)
    void storageErrorsAreCriticalInEveryShapeTheDriverThrowsThemAndAreNotRetried() throws Exception {
        assertEquals(-3, OutOfSpaceUpserter.error().getCode(), "a bulk write's own code hides the server's code");
        assertEquals("storage", CriticalSyncException.reasonOf(OutOfSpaceUpserter.error()));
        assertEquals("storage", CriticalSyncException.reasonOf(new MongoWriteException(
                new WriteError(14031, "No space left on device", new BsonDocument()), new ServerAddress(), Set.of())));
        assertEquals("storage", CriticalSyncException.reasonOf(new MongoWriteException(
                new WriteError(12501, "quota exceeded", new BsonDocument()), new ServerAddress(), Set.of())));
        Retry retry = BulkUpserter.class.getMethod("write", String.class, List.class, List.class, WritePolicy.class,
                io.mysqlmongosync.engine.port.WriteFence.class)
                .getAnnotation(Retry.class);
        assertTrue(Arrays.stream(retry.retryOn()).noneMatch(c -> c.isAssignableFrom(MongoBulkWriteException.class)
                || c.isAssignableFrom(MongoWriteException.class)), "storage errors must not be retried");
    }

    @Test
    @Order(3)
    void dataSizeOfEachTargetCollectionIsAGauge() throws Exception {
        if (products().countDocuments() == 0) {
            TestDatabase.exec(DB, "INSERT IGNORE INTO products (id, name, price) VALUES (100, 'x', 1.00)");
            given().post("/sync/trigger").then().statusCode(202);
            awaitIdle();
        }
        Map<String, Long> sizes = monitor.refresh();
        assertTrue(sizes.get("products") > 0, sizes.toString());
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertEquals((double) sizes.get("products"),
                metric(metrics, "sync_target_data_bytes{collection=\"products\"}"));
        // mongo-java-server's dbStats has no file-system sizes, so the free-space gauge stays out.
        assertFalse(metrics.contains("sync_target_fs_free_bytes"), "no fs gauge without fsTotalSize");
        assertEquals(1_000L, StorageMonitor.fsFree(new Document("fsTotalSize", 5_000L).append("fsUsedSize", 4_000.0))
                .getAsLong());
    }

    static double metric(String body, String series) {
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(series
                + " not found in:\n" + body.lines().filter(l -> l.startsWith("sync_")).toList()));
    }

    private MongoCollection<Document> products() {
        return mongo.getDatabase("t_" + DB).getCollection("products");
    }

    private Document checkpoint() {
        return mongo.getDatabase("t_" + DB).getCollection(CheckpointStore.COLLECTION)
                .find(new Document("_id", "products")).first();
    }

    private static List<Map<String, Object>> history() {
        return given().get("/sync/history?limit=100").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private void awaitRuns(int n) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Map<String, Object>> runs = history();
            assertTrue(runs.size() >= n && runs.stream().noneMatch(r -> "running".equals(r.get("status")))
                    && controller.activeRun() == null, "expected " + n + " finished runs, have " + runs);
        });
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
    }
}
