package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
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
 * MySQL's connections go silent in the middle of a load (no FIN, no RST) and MYSQL_SOCKET_TIMEOUT_MS is unset: the
 * page read fails within the bound derived from the page size and SYNC_OPERATION_TIMEOUT_SECONDS (max(5 s, 10 ms per
 * row): 5 s for 50 rows) with a WARN, is retried by the fault-tolerance policy, and once MySQL answers again the same
 * pass completes with every row in MongoDB.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_mysql_silence"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mysqlProxy", value = "true"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "io.mysqlmongosync.source.KeysetPageReader/read/Retry/maxRetries", value = "5")})
class MysqlSilenceIT {

    static final int ROWS = 4000;
    /** The page bound (5 s) with its retries plus slack, far below "for ever". */
    static final Duration BOUND = Duration.ofSeconds(120);

    TestProxies proxies;

    @Inject
    SyncController controller;

    @Test
    void silentMysqlFailsThePageReadWithinItsBoundItIsRetriedAndThePassCompletes() throws Exception {
        assertNotNull(proxies, "the test resource injects the MySQL proxy");
        LogCapture retries = LogCapture.of(io.mysqlmongosync.metrics.RetryLogger.class);
        LogCapture reader = LogCapture.of(io.mysqlmongosync.source.KeysetPageReader.class);
        TcpProxy proxy = proxies.mysql();
        ProductsLoad.fill("mms_mysql_silence", ROWS);
        try (TcpProxy unsilenced = proxy; MongoClient direct = ProductsLoad.serviceMongo()) {
            MongoCollection<Document> products = direct.getDatabase("t_mms_mysql_silence").getCollection("products");
            given().post("/sync/trigger").then().statusCode(202);
            ProductsLoad.awaitStarted(controller, products, 200, BOUND);
            proxy.silence();
            long silencedAt = System.nanoTime();
            assertTrue(products.countDocuments() < ROWS, "silenced during the load, not after it");

            await("the page read failed").atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> reader
                    .messages().stream().anyMatch(m -> m.startsWith("Reading a page of products")));
            long failedAfterMs = (System.nanoTime() - silencedAt) / 1_000_000;
            assertTrue(reader.records().stream().anyMatch(r -> r.getLevel().intValue() == Level.WARNING.intValue()
                    && LogCapture.text(r).startsWith("Reading a page of products from MySQL got no data for 5000 ms"
                            + " (the bound of a 50-row page)")), reader.messages().toString());
            System.out.printf("Page read failed %d ms after MySQL went silent (bound 5000 ms)%n", failedAfterMs);
            await("the page read retried").atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> retries
                    .messages().stream().anyMatch(m -> m.startsWith("Retrying KeysetPageReader.read after:")));
            proxy.unsilence();
            reader.detach();
            retries.detach();

            ProductsLoad.awaitIdle(controller, BOUND, "the run ended after MySQL came back");
            assertEquals("success", controller.lastResult().status(), controller.lastResult().toString());
            ProductsLoad.assertRowsEqual(products, "mms_mysql_silence", ROWS);
        }
    }
}
