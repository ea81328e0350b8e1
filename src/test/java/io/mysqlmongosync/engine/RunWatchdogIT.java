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
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MySQL goes silent in the middle of a load: the run watchdog aborts the stuck table after
 * SYNC_STALL_TIMEOUT_SECONDS (2 s here) plus a tick (1 s), long before the read's own deadline, the table ends
 * failed saying so, and once MySQL answers again the next pass resumes it and every row equals the source.
 *
 * <p>MYSQL_SOCKET_TIMEOUT_MS=600000 takes the read's own deadline away (a socket timeout of ten minutes, no per-page
 * network timeout), so only the watchdog's abort can end the blocked socket read. The pool hands out a wrapper
 * whose {@code abort} aborts a closed placeholder; {@code SourceCalls} aborts the driver's connection under it.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_watchdog"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mysqlProxy", value = "true"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.stall-timeout-seconds", value = "2"),
    @ResourceArg(name = "MYSQL_SOCKET_TIMEOUT_MS", value = "600000"),
    @ResourceArg(name = "sync.tick", value = "1s")})
class RunWatchdogIT {

    static final int ROWS = 20000; // large enough that the load is still running when the proxy goes silent
    /** Far above stall timeout + tick (3 s), far below the 10-minute socket timeout. */
    static final Duration BOUND = Duration.ofSeconds(60);

    TestProxies proxies;

    @Inject
    SyncController controller;

    @Test
    @Order(1)
    void aStalledTableIsAbortedAndTheNextPassCompletesIt() throws Exception {
        assertNotNull(proxies, "the test resource injects the MySQL proxy");
        LogCapture engineLog = LogCapture.of(SyncEngine.class);
        TcpProxy proxy = proxies.mysql();
        ProductsLoad.fill("mms_watchdog", ROWS);
        try (MongoClient direct = ProductsLoad.serviceMongo()) {
            MongoCollection<Document> products = direct.getDatabase("t_mms_watchdog").getCollection("products");
            String runId = given().post("/sync/trigger").then().statusCode(202).extract().path("run_id");
            ProductsLoad.awaitStarted(controller, products, 200, BOUND);
            proxy.silence();
            long silencedAt = System.nanoTime();
            assertTrue(products.countDocuments() < ROWS, "silenced during the load, not after it");

            ProductsLoad.awaitIdle(controller, BOUND, "the run ended after MySQL went silent");
            long abortedAfterMs = (System.nanoTime() - silencedAt) / 1_000_000;
            System.out.printf("Run ended %d ms after MySQL went silent (stall timeout 2 s, tick 1 s)%n",
                    abortedAfterMs);
            RunResult first = controller.lastResult();
            assertEquals(runId, first.id());
            assertEquals("failed", first.status(), first.toString());
            TableResult table = first.tables().get(0);
            assertEquals("failed", table.status());
            assertTrue(table.error().startsWith("aborted by the watchdog after ")
                    && table.error().contains(" s without progress"), table.error());
            assertTrue(engineLog.records().stream().anyMatch(r -> r.getLevel().intValue() == Level.WARNING.intValue()
                    && LogCapture.text(r).startsWith("Table products aborted by the watchdog after")),
                    engineLog.messages().toString());
            engineLog.detach();
            // The abort closed the socket under the page read: no thread is left blocked in it for the ten minutes.
            awaitPageReadsFreed();
            long partial = products.countDocuments();
            assertTrue(partial < ROWS, partial + " documents");

            proxy.unsilence();
            RunResult second = ProductsLoad.triggerAndAwaitNextRun(controller, BOUND);
            assertEquals("success", second.status(), second.toString());
            TableResult resumed = second.tables().get(0);
            // Rows read by the load (the rest are the look-back re-read of the incremental pass that follows it).
            assertTrue(resumed.read() - resumed.reread() < ROWS, "the interrupted load resumed from its checkpoint,"
                    + " not from the start: " + resumed);
            assertEquals(ROWS - partial, resumed.created(), resumed.toString());
            ProductsLoad.assertRowsEqual(products, "mms_watchdog", ROWS);
        } finally {
            proxy.unsilence(); // the next test reads through the same proxy
        }
    }

    /**
     * A page read that waits on the server (here for a table lock another session holds, so the server sends nothing)
     * is ended by the watchdog's abort at once, not when the lock is released or the ten-minute socket timeout passes:
     * the abort closes the driver's socket under the pool's wrapper.
     */
    @Test
    @Order(2)
    void aPageReadWaitingOnTheServerIsFreedByTheAbort() throws Exception {
        TestDatabase.exec("mms_watchdog", "INSERT IGNORE INTO products (id, name, price) SELECT seq, CONCAT('p', seq),"
                + " seq / 100 FROM seq_1_to_" + ROWS);
        try (MongoClient direct = ProductsLoad.serviceMongo();
                java.sql.Connection locker = TestDatabase.connect("mms_watchdog")) {
            MongoCollection<Document> products = direct.getDatabase("t_mms_watchdog").getCollection("products");
            products.drop();
            String runId = given().contentType("application/json")
                    .body("{\"tables\": [\"products\"], \"force_full_sync\": true}")
                    .post("/sync/trigger").then().statusCode(202).extract().path("run_id");
            await("the load started").atMost(BOUND).pollInterval(Duration.ofMillis(5))
                    .until(() -> products.countDocuments() >= 200);
            try (java.sql.Statement st = locker.createStatement()) {
                st.execute("LOCK TABLES products WRITE");
                try {
                    assertTrue(products.countDocuments() < ROWS, "locked during the load, not after it");
                    await("the run still waits on the lock").atMost(BOUND).pollInterval(Duration.ofMillis(100))
                            .until(() -> controller.activeRun() == null);
                    RunResult run = controller.lastResult();
                    assertEquals(runId, run.id(), run.toString());
                    assertEquals(1, run.tables().size(), run.toString());
                    assertTrue(run.tables().get(0).error().startsWith("aborted by the watchdog after "),
                            run.toString());
                    awaitPageReadsFreed();
                } finally {
                    st.execute("UNLOCK TABLES");
                }
            }
        }
    }

    /** Within 10 s of the abort no thread is left in a socket read under a page read (the abort closed it). */
    private static void awaitPageReadsFreed() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertEquals(List.of(), blockedPageReads(), "page reads still blocked on MySQL after the abort"));
    }

    /** Threads blocked in a socket read under a page read ({@code KeysetPageReader.read}), by name. */
    private static List<String> blockedPageReads() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            List<StackTraceElement> frames = List.of(t.getValue());
            boolean socketRead = frames.stream().anyMatch(f -> f.getMethodName().startsWith("read")
                    && (f.getClassName().endsWith("NioSocketImpl") || f.getClassName().endsWith("SocketInputStream")));
            boolean pageRead = frames.stream().anyMatch(f -> f.getClassName().endsWith("KeysetPageReader")
                    && f.getMethodName().equals("read"));
            if (socketRead && pageRead) {
                out.add(t.getKey().getName());
            }
        }
        return out;
    }
}
