package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TcpProxy;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import org.bson.Document;
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
        ProductsLoad.fill("mms_silence", ROWS);
        try (MongoClient direct = MongoClients.create("mongodb://127.0.0.1:" + proxy.targetPort())) {
            MongoCollection<Document> products = direct.getDatabase("t_mms_silence").getCollection("products");
            String runId = given().post("/sync/trigger").then().statusCode(202).extract().path("run_id");
            ProductsLoad.awaitStarted(controller, products, 200, BOUND);
            proxy.silence();
            long silencedAt = System.nanoTime();
            long written = products.countDocuments();
            assertTrue(written < ROWS, "silenced during the load, not after it (" + written + " written)");

            // Liveness answers from memory and names the stuck table (SYNC_STALL_TIMEOUT_SECONDS=1 here).
            String live = await("liveness names the stuck table").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().get("/q/health/live").then().extract().asString(),
                            l -> l.contains("has written nothing") || controller.activeRun() == null);
            assertTrue(live.contains("products has written nothing"), live);
            assertTrue(live.contains("\"status\": \"DOWN\""), live);

            ProductsLoad.awaitIdle(controller, BOUND, "the run ended after MongoDB went silent");
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
            RunResult next = ProductsLoad.triggerAndAwaitNextRun(controller, BOUND);
            assertEquals("success", next.status(), next.toString());
            ProductsLoad.assertRowsEqual(products, "mms_silence", ROWS);
        }
    }
}
