package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.LimitedUserTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The control API while a dependency is down: MongoDB cut, MySQL cut, and a MySQL password that no longer works.
 * The probes and {@code /sync/health} answer within about a second and name the unhealthy side; every other
 * endpoint answers at once with a 503 JSON error naming the dependency, never a generic 500 and never a hang.
 */
@QuarkusTest
@WithTestResource(value = LimitedUserTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_depout"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "user", value = "mms_depout"),
    @ResourceArg(name = "password", value = "Dep-0ut-pass"),
    @ResourceArg(name = "grants", value = "products"),
    @ResourceArg(name = "mysqlProxy", value = "true"),
    @ResourceArg(name = "mongoProxy", value = "true")})
class DependencyOutageIT {

    /** "About a second" for the probes and /sync/health, with room for a loaded build machine. */
    static final long PROBE_MS = 1500;
    /** Every other endpoint. */
    static final long ENDPOINT_MS = 2500;
    static final Duration DETECT = Duration.ofSeconds(30);

    /** The slowest answer of each endpoint, printed at the end. */
    static final Map<String, Long> SLOWEST = new java.util.concurrent.ConcurrentSkipListMap<>();

    TestProxies proxies;

    @Inject
    SyncController controller;

    @Test
    void everyEndpointAnswersAtOnceNamingTheDependencyThatIsDown() throws Exception {
        assertNotNull(proxies);
        TestDatabase.exec("mms_depout", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.00"
                + " FROM seq_1_to_50");
        given().post("/sync/trigger").then().statusCode(202);
        ActiveRuns.awaitNone(controller, DETECT);
        assertEquals("success", controller.lastResult().status());
        assertAllUp();

        // MongoDB cut: connections closed, new ones refused.
        proxies.mongo().stop();
        awaitHealth("mongodb_connection");
        assertTimed("GET", "/q/health/live", PROBE_MS, 200, null);
        Response ready = assertTimed("GET", "/q/health/ready", PROBE_MS, 503, null);
        assertTrue(ready.asString().contains("\"mongodb\": \"MongoDB"), ready.asString());
        Response health = assertTimed("GET", "/sync/health", PROBE_MS, 200, null);
        assertEquals("healthy", health.jsonPath().getString("mysql_connection"), health.asString());
        assertTrue(health.jsonPath().getString("mongodb_connection").startsWith("unhealthy: "), health.asString());
        for (String[] call : List.of(new String[] {"GET", "/sync/status"}, new String[] {"GET", "/sync/history"},
                new String[] {"GET", "/sync/tables"}, new String[] {"GET", "/sync/audit"},
                new String[] {"GET", "/sync/conflicts"}, new String[] {"GET", "/sync/tables/products/sample"},
                new String[] {"POST", "/sync/trigger"}, new String[] {"POST", "/sync/pause"})) {
            assertTimed(call[0], call[1], ENDPOINT_MS, 503, "mongodb_unavailable");
        }
        assertTimed("GET", "/sync/mapping", ENDPOINT_MS, 200, null); // MySQL only
        proxies.mongo().start();
        awaitAllUp();

        // MySQL cut.
        proxies.mysql().stop();
        awaitHealth("mysql_connection");
        assertMysqlDown();
        proxies.mysql().start();
        awaitAllUp();

        // The password stops working (rotated on the server, not in the service): new logins are refused.
        for (String host : LimitedUserTestResource.HOSTS) {
            TestDatabase.exec("mms_depout", "ALTER USER 'mms_depout'@'" + host + "' IDENTIFIED BY 'Rotated-0ther'");
        }
        try {
            proxies.mysql().cutConnections(); // the pool's open connections go; every new one must log in again
            awaitHealth("mysql_connection");
            Response h = assertTimed("GET", "/sync/health", PROBE_MS, 200, null);
            assertTrue(h.jsonPath().getString("mysql_connection").contains("MYSQL_PASSWORD"), h.asString());
            assertMysqlDown();
        } finally {
            for (String host : LimitedUserTestResource.HOSTS) {
                TestDatabase.exec("mms_depout", "ALTER USER 'mms_depout'@'" + host + "' IDENTIFIED BY 'Dep-0ut-pass'");
            }
        }
        awaitAllUp();
        assertTimed("GET", "/sync/tables/products/sample", ENDPOINT_MS, 200, null);
        System.out.println("Slowest answers (ms): " + SLOWEST);
    }

    private void assertMysqlDown() {
        assertTimed("GET", "/q/health/live", PROBE_MS, 200, null);
        Response ready = assertTimed("GET", "/q/health/ready", PROBE_MS, 503, null);
        assertTrue(ready.asString().contains("\"mysql\": \"MySQL"), ready.asString());
        Response health = assertTimed("GET", "/sync/health", PROBE_MS, 200, null);
        assertEquals("healthy", health.jsonPath().getString("mongodb_connection"), health.asString());
        assertTrue(health.jsonPath().getString("mysql_connection").startsWith("unhealthy: "), health.asString());
        for (String[] call : List.of(new String[] {"GET", "/sync/tables"},
                new String[] {"GET", "/sync/tables/products/sample"}, new String[] {"GET", "/sync/mapping"})) {
            assertTimed(call[0], call[1], ENDPOINT_MS, 503, "mysql_unavailable");
        }
        // What only MongoDB holds is still answered.
        assertTimed("GET", "/sync/status", ENDPOINT_MS, 200, null);
        assertTimed("GET", "/sync/history", ENDPOINT_MS, 200, null);
    }

    private void assertAllUp() {
        assertTimed("GET", "/q/health/ready", PROBE_MS, 200, null);
        Response health = assertTimed("GET", "/sync/health", PROBE_MS, 200, null);
        assertEquals("healthy", health.jsonPath().getString("mysql_connection"), health.asString());
        assertEquals("healthy", health.jsonPath().getString("mongodb_connection"), health.asString());
        assertTimed("GET", "/sync/status", ENDPOINT_MS, 200, null);
    }

    private void awaitAllUp() throws InterruptedException {
        await(h -> "healthy".equals(h.get("mysql_connection")) && "healthy".equals(h.get("mongodb_connection")),
                "both connections healthy again");
        assertAllUp();
    }

    /** Polls /sync/health (each answer bounded) until {@code field} reports unhealthy. */
    private void awaitHealth(String field) {
        await(h -> String.valueOf(h.get(field)).startsWith("unhealthy"), field + " unhealthy");
    }

    private void await(Predicate<Map<String, Object>> condition, String what) {
        List<Object> seen = new ArrayList<>();
        try {
            Awaitility.await(what).atMost(DETECT).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<String, Object> h = assertTimed("GET", "/sync/health", PROBE_MS, 200, null).jsonPath().getMap("$");
                seen.add(h);
                return condition.test(h);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not reached within " + DETECT.toSeconds() + " s: " + what + "; last answers "
                    + seen.subList(Math.max(0, seen.size() - 2), seen.size()), e);
        }
    }

    /** Calls the endpoint, asserting the time bound, the status and, for errors, the JSON body's code. */
    private static Response assertTimed(String method, String path, long maxMillis, int status, String error) {
        long start = System.nanoTime();
        Response r = method.equals("GET") ? given().get(path) : given().post(path);
        long ms = (System.nanoTime() - start) / 1_000_000;
        SLOWEST.merge(method + " " + path, ms, Math::max);
        String body = r.asString();
        assertTrue(ms <= maxMillis, method + " " + path + " took " + ms + " ms (bound " + maxMillis + " ms): " + body);
        assertEquals(status, r.statusCode(), method + " " + path + " -> " + body);
        if (error != null) {
            assertTrue(r.contentType().startsWith("application/json"), method + " " + path + ": " + r.contentType());
            assertEquals(error, r.jsonPath().getString("error"), method + " " + path + " -> " + body);
            assertTrue(r.jsonPath().getString("message").length() > 20, body);
        }
        return r;
    }
}
