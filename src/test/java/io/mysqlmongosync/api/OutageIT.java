package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.metrics.RetryLogger;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TcpProxy;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MariaDB goes away in the middle of the service's life: retries with backoff, readiness DOWN, nothing lost. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_outage"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "proxyPort", value = "33071"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "io.mysqlmongosync.source.DatabaseClock/now/Retry/maxRetries", value = "8"),
    @ResourceArg(name = "io.mysqlmongosync.source.DatabaseClock/now/Retry/delay", value = "300"),
    @ResourceArg(name = "io.mysqlmongosync.source.KeysetPageReader/read/Retry/maxRetries", value = "8"),
    @ResourceArg(name = "io.mysqlmongosync.source.SchemaDiscovery/discover/Retry/maxRetries", value = "8"),
    @ResourceArg(name = "io.mysqlmongosync.source.SchemaDiscovery/discover/Retry/delay", value = "300"),
    @ResourceArg(name = "io.mysqlmongosync.source.KeysetPageReader/read/Retry/delay", value = "300"),
    @ResourceArg(name = "quarkus.datasource.jdbc.acquisition-timeout", value = "1S")})
class OutageIT {

    static final TcpProxy PROXY = new TcpProxy(33071, TestDatabase.port());

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    @BeforeAll
    static void up() throws Exception {
        PROXY.start();
    }

    @AfterAll
    static void down() throws Exception {
        PROXY.stop();
    }

    @Test
    void retriesWhileMariaDbIsDownReadinessDownThenCompletesWithoutLoss() throws Exception {
        TestDatabase.exec("mms_outage", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.00"
                + " FROM seq_1_to_500");
        given().post("/sync/trigger").then().statusCode(202);
        awaitIdle();
        assertEquals(500, count());
        given().get("/q/health/ready").then().statusCode(200);

        PROXY.stop();
        TestDatabase.exec("mms_outage", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 2.00"
                + " FROM seq_501_to_800");
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
        Map<String, Object> health = given().get("/sync/health").then().statusCode(200).extract().jsonPath().getMap("$");
        assertTrue(String.valueOf(health.get("mysql_connection")).startsWith("unhealthy"), health.toString());
        assertEquals("healthy", health.get("mongodb_connection"));

        LogCapture retryLogs = LogCapture.of(RetryLogger.class);
        try {
            given().post("/sync/trigger").then().statusCode(202);
            assertRetryDelaysGrow(retryLogs);
        } finally {
            retryLogs.detach();
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        double retries = metrics.lines().filter(l -> l.startsWith("ft_retry_retries_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(retries >= 1, "retries visible in metrics:\n" + metrics.lines()
                .filter(l -> l.startsWith("ft_")).toList());
        assertTrue(controller.activeRun() != null, "the run is still retrying, not failed");

        PROXY.start();
        awaitIdle();
        given().get("/q/health/ready").then().statusCode(200);
        List<Map<String, Object>> history = given().get("/sync/history").then().extract().jsonPath().getList("$");
        assertEquals("success", history.get(0).get("status"), history.get(0).toString());
        assertEquals(800, count(), "nothing lost");
    }

    /**
     * The retries of one call come ever further apart (SYNC_RETRY_DELAY, doubled each time: 300, 600, 1200, 2400 ms
     * here): the gaps between its "Retrying" lines grow. Each gap is one delay plus one failed attempt, and an
     * attempt takes about as long as the one before, so the gaps grow as the delays do.
     */
    private static void assertRetryDelaysGrow(LogCapture retryLogs) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(retries(retryLogs).size() >= 4,
                () -> "at least four retries of one call within 30 s: " + retryLogs.messages()));
        List<Instant> retries = retries(retryLogs);
        long first = java.time.Duration.between(retries.get(0), retries.get(1)).toMillis();
        long second = java.time.Duration.between(retries.get(1), retries.get(2)).toMillis();
        long third = java.time.Duration.between(retries.get(2), retries.get(3)).toMillis();
        // The delays of these gaps are 600, 1200 and 2400 ms (measured: 1520, 2107, 3303 ms with ~900 ms per failed
        // attempt); half of each increase is required, so that a constant delay cannot pass.
        assertTrue(second - first > 300 && third - second > 600, "gaps between retries must grow with the doubled "
                + "delay: " + first + ", " + second + ", " + third + " ms\n" + retryLogs.messages());
    }

    /** When the call retried most often so far retried. */
    private static List<Instant> retries(LogCapture retryLogs) {
        Map<String, List<Instant>> byCall = new java.util.HashMap<>();
        for (java.util.logging.LogRecord r : retryLogs.records()) {
            String message = String.valueOf(r.getParameters() == null ? r.getMessage()
                    : String.format(r.getMessage(), r.getParameters()));
            String call = message.contains(" after:") ? message.substring(0, message.indexOf(" after:")) : message;
            byCall.computeIfAbsent(call, k -> new java.util.ArrayList<>()).add(r.getInstant());
        }
        return byCall.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElse(List.of());
    }

    private long count() {
        return mongo.getDatabase("t_mms_outage").getCollection("products").countDocuments();
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
    }
}
