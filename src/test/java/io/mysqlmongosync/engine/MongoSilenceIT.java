package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TcpProxy;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * MongoDB's open connections go silent in the middle of a load (no FIN, no RST: a dead primary, a dropped NAT
 * entry): the page write fails within the configured bounds instead of hanging, is retried, the run fails and the
 * pod's liveness names the stuck table meanwhile; once MongoDB answers again the next pass completes and every row
 * is in MongoDB with its content.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_silence"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mongoProxy", value = "true"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.stall-timeout-seconds", value = "1"),
    @ResourceArg(name = "MONGODB_SOCKET_TIMEOUT_MS", value = "1500"),
    @ResourceArg(name = "MONGODB_CONNECT_TIMEOUT_MS", value = "1000"),
    @ResourceArg(name = "MONGODB_SERVER_SELECTION_TIMEOUT_MS", value = "1500"),
    @ResourceArg(name = "io.mysqlmongosync.sink.BulkUpserter/write/Retry/maxRetries", value = "2"),
    @ResourceArg(name = "io.mysqlmongosync.sink.BulkUpserter/write/Retry/delay", value = "100"),
    @ResourceArg(name = "io.mysqlmongosync.sink.CheckpointStore/save/Retry/maxRetries", value = "2"),
    @ResourceArg(name = "io.mysqlmongosync.sink.CheckpointStore/save/Retry/delay", value = "100")})
class MongoSilenceIT {

    static final int ROWS = 4000;
    /** Far above the bounds (1.5 s per call, 3 attempts) and far below "for ever". */
    static final Duration BOUND = Duration.ofSeconds(45);

    TestProxies proxies;

    @Inject
    SyncController controller;

    @Test
    void silentMongoFailsTheRunWithinTheBoundAndTheNextPassCompletes() throws Exception {
        assertNotNull(proxies, "the test resource injects the MongoDB proxy");
        LogCapture retries = LogCapture.of(io.mysqlmongosync.metrics.RetryLogger.class);
        TcpProxy proxy = proxies.mongo();
        TestDatabase.exec("mms_silence", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq),"
                + " seq / 100 FROM seq_1_to_" + ROWS);
        try (MongoClient direct = MongoClients.create("mongodb://127.0.0.1:" + proxy.targetPort())) {
            MongoCollection<Document> products = direct.getDatabase("t_mms_silence").getCollection("products");
            String runId = given().post("/sync/trigger").then().statusCode(202).extract().path("run_id");
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (products.countDocuments() < 200 && controller.activeRun() != null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            proxy.silence();
            long silencedAt = System.nanoTime();
            long written = products.countDocuments();
            assertTrue(written < ROWS, "silenced during the load, not after it (" + written + " written)");

            // Liveness answers from memory and names the stuck table (SYNC_STALL_TIMEOUT_SECONDS=1 here).
            String live = "";
            while (controller.activeRun() != null && !live.contains("has written nothing")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                live = given().get("/q/health/live").then().extract().asString();
            }
            assertTrue(live.contains("products has written nothing"), live);
            assertTrue(live.contains("\"status\": \"DOWN\""), live);

            while (controller.activeRun() != null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(null, controller.activeRun(), "the run still hangs " + BOUND.toSeconds()
                    + " s after MongoDB went silent");
            long failedAfterMs = (System.nanoTime() - silencedAt) / 1_000_000;
            assertEquals("failed", controller.lastResult().status(), controller.lastResult().toString());
            assertEquals(runId, controller.lastResult().id());
            System.out.printf("Run failed %d ms after MongoDB went silent%n", failedAfterMs);
            given().get("/q/health/live").then().statusCode(200);
            // The stalled call (the page write or its checkpoint) failed with a timeout and was retried, logged at WARN.
            assertTrue(retries.records().stream().anyMatch(r -> r.getLevel().intValue() == Level.WARNING.intValue()
                    && LogCapture.text(r).matches("Retrying (BulkUpserter\\.write|CheckpointStore\\.save) after: .*")
                    && LogCapture.text(r).toLowerCase(java.util.Locale.ROOT).matches(".*time.?out.*")),
                    retries.messages().toString());
            retries.detach();

            proxy.unsilence();
            long again = System.nanoTime() + BOUND.toNanos();
            int status = 0;
            while (status != 202 && System.nanoTime() < again) {
                status = given().post("/sync/trigger").then().extract().statusCode();
                Thread.sleep(status == 202 ? 0 : 200);
            }
            assertEquals(202, status);
            Thread.sleep(200);
            while (controller.activeRun() != null && System.nanoTime() < again) {
                Thread.sleep(100);
            }
            assertEquals("success", controller.lastResult().status(), controller.lastResult().toString());

            Map<Integer, Document> docs = new HashMap<>();
            for (Document d : products.find()) {
                docs.put(d.getInteger("_id"), d);
            }
            assertEquals(ROWS, docs.size());
            try (Connection c = TestDatabase.connect("mms_silence"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, name, price FROM products")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    Document d = docs.get(rs.getInt(1));
                    assertNotNull(d, "row " + rs.getInt(1) + " missing");
                    assertEquals(rs.getString(2), d.getString("name"));
                    BigDecimal price = rs.getBigDecimal(3);
                    assertEquals(0, price.compareTo(d.get("price", Decimal128.class).bigDecimalValue()),
                            "price of " + rs.getInt(1));
                }
                assertEquals(ROWS, rows);
            }
        }
    }
}
