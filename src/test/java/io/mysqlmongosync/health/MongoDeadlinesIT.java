package io.mysqlmongosync.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoTimeoutException;
import io.mysqlmongosync.sink.TargetDatabase;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TcpProxy;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MongoDB behind a proxy that stops forwarding without FIN or RST (issue 28): a write on a pooled connection that went
 * silent fails after SYNC_OPERATION_TIMEOUT_SECONDS (2 s here) instead of a socket timeout; the connection checks
 * behind readiness and {@code /sync/health} never use such a connection and answer within a second; when MongoDB
 * answers again, health says so within seconds.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_deadlines"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mongoProxy", value = "true"),
    @ResourceArg(name = "sync.operation-timeout-seconds", value = "2")})
class MongoDeadlinesIT {

    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(2);
    /** What a probe answer may take: from memory or a check awaited for at most 500 ms. */
    static final Duration PROBE_ANSWER = Duration.ofSeconds(1);

    TestProxies proxies;

    @Inject
    TargetDatabase target;

    @Inject
    MongoAccessCheck check;

    @Test
    @Order(1)
    void aWriteOnASilentPooledConnectionEndsAtTheOperationTimeoutAndTheChecksDoNotUseIt() {
        assertNotNull(proxies, "the test resource injects the MongoDB proxy");
        TcpProxy proxy = proxies.mongo();
        // Untimed: the first requests of a fresh JVM include its warm-up, not what is measured here.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/sync/health").then().extract().jsonPath()
                .getString("mongodb_connection").equals("healthy"));
        awaitMongo("healthy");
        target.collection("deadlines").insertOne(new Document("_id", 0)); // the sync client's pool has a connection now
        proxy.strandOpenConnections();

        // The check behind readiness, /sync/health and the API's gate opens its own connection: MongoDB answers.
        long checkStart = System.nanoTime();
        ConnectionProblem problem = check.check();
        Duration checkTook = Duration.ofNanos(System.nanoTime() - checkStart);
        assertEquals(null, problem, "the check used a silent pooled connection");
        assertTrue(checkTook.compareTo(PROBE_ANSWER) < 0, "the check took " + checkTook);

        // The write is meant to meet a stranded pooled connection; but a background call of the service may hold that
        // connection at this instant, and the write would then open a new, working one (a CI run saw it succeed in
        // 0.4 s). So new connections go silent too while it runs: whichever connection it gets, it must end at the
        // operation deadline.
        proxy.silence();
        long start = System.nanoTime();
        try {
            assertThrows(MongoTimeoutException.class,
                    () -> target.collection("deadlines").insertOne(new Document("_id", 1)));
        } finally {
            proxy.unsilence();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(OPERATION_TIMEOUT.minusMillis(100)) >= 0, "ended by the deadline, not earlier: " + took);
        // The deadline plus the machine's scheduling slack, far below any socket timeout the driver used to wait for.
        assertTrue(took.compareTo(OPERATION_TIMEOUT.plusMillis(1500)) < 0, "the write held on past its deadline: " + took);

        // MongoDB itself answers new connections: the checks open their own, so health says so at once.
        awaitMongo("healthy");
        JsonPath health = timedHealth();
        assertEquals("healthy", health.getString("mongodb_connection"), health.prettify());
        // The next write of the sync gets a working connection (the timed-out one was closed, not reused).
        target.collection("deadlines").insertOne(new Document("_id", 2));
    }

    @Test
    @Order(2)
    void whileMongoIsSilentTheProbesAnswerWithinASecondAndReportItAndRecoverWithinSecondsAfter() {
        TcpProxy proxy = proxies.mongo();
        awaitMongo("healthy");
        proxy.silence();
        try {
            // The checks' calls end at their own deadline (2 s each); each answer meanwhile comes within a second.
            awaitMongo("unhealthy");
            Response ready = timed(() -> given().get("/q/health/ready"));
            assertEquals(503, ready.statusCode(), ready.asString());
        } finally {
            proxy.unsilence();
        }
        long back = System.nanoTime();
        awaitMongo("healthy");
        Duration recovered = Duration.ofNanos(System.nanoTime() - back);
        System.out.printf("MongoDB healthy again %d ms after it answered again%n", recovered.toMillis());
        timed(() -> given().get("/q/health/ready")).then().statusCode(200);
    }

    /** Polls {@code /sync/health} until MongoDB's state starts with {@code state}; every answer within a second. */
    private static void awaitMongo(String state) {
        // 20 s: the sync client's monitor notices a silent or returning server within its 2 s connect timeout and
        // 10 s heartbeat; the checks run every second while something is wrong.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> timedHealth().getString("mongodb_connection").startsWith(state));
    }

    private static JsonPath timedHealth() {
        return timed(() -> given().get("/sync/health")).then().statusCode(200).extract().jsonPath();
    }

    private static Response timed(java.util.function.Supplier<Response> request) {
        long start = System.nanoTime();
        Response r = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROBE_ANSWER) < 0, "the answer took " + took + ": " + r.asString());
        return r;
    }
}
