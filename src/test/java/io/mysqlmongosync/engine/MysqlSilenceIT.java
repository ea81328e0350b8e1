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
        TestDatabase.exec("mms_mysql_silence", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq),"
                + " seq / 100 FROM seq_1_to_" + ROWS);
        try (TcpProxy unsilenced = proxy; MongoClient direct = MongoClients.create(
                org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.mongodb.connection-string", String.class))) {
            MongoCollection<Document> products = direct.getDatabase("t_mms_mysql_silence").getCollection("products");
            given().post("/sync/trigger").then().statusCode(202);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (products.countDocuments() < 200 && controller.activeRun() != null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            proxy.silence();
            long silencedAt = System.nanoTime();
            assertTrue(products.countDocuments() < ROWS, "silenced during the load, not after it");

            while (!reader.messages().stream().anyMatch(m -> m.startsWith("Reading a page of products"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long failedAfterMs = (System.nanoTime() - silencedAt) / 1_000_000;
            assertTrue(reader.records().stream().anyMatch(r -> r.getLevel().intValue() == Level.WARNING.intValue()
                    && LogCapture.text(r).startsWith("Reading a page of products from MySQL got no data for 5000 ms"
                            + " (the bound of a 50-row page)")), reader.messages().toString());
            System.out.printf("Page read failed %d ms after MySQL went silent (bound 5000 ms)%n", failedAfterMs);
            while (!retries.messages().stream().anyMatch(m -> m.startsWith("Retrying KeysetPageReader.read after:"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(retries.messages().stream().anyMatch(m -> m.startsWith("Retrying KeysetPageReader.read after:")),
                    retries.messages().toString());
            proxy.unsilence();
            reader.detach();
            retries.detach();

            while (controller.activeRun() != null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(null, controller.activeRun(), "the run still hangs after MySQL came back");
            assertEquals("success", controller.lastResult().status(), controller.lastResult().toString());
            assertRowsEqual(products, "mms_mysql_silence", ROWS);
        }
    }

    /** Every row of products is in {@code docs} with its content. */
    static void assertRowsEqual(MongoCollection<Document> products, String database, int expected) throws Exception {
        Map<Integer, Document> docs = new HashMap<>();
        for (Document d : products.find()) {
            docs.put(d.getInteger("_id"), d);
        }
        assertEquals(expected, docs.size());
        try (Connection c = TestDatabase.connect(database); Statement st = c.createStatement();
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
            assertEquals(expected, rows);
        }
    }
}
