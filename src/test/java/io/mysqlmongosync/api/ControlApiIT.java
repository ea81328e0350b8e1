package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.ControlService;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.engine.TableResult;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.SlowUpserter;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The control plane through the REST API and the scheduler, as an operator uses it. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_control"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ControlApiIT {

    static final String DB = "mms_control";

    @Inject
    SyncController controller;

    @Inject
    ControlService control;

    @Inject
    SyncEngine engine;

    @Inject
    BulkUpserter writer;

    @Inject
    MongoClient mongo;

    @AfterEach
    void idle() throws InterruptedException {
        awaitIdle();
        control.pause();
    }

    @Test
    @Order(1)
    void pauseStopsScheduledRunsResumeRestartsThemTriggerRunsOnceWhilePaused() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO categories (id, name, slug) SELECT seq, CONCAT('c', seq), CONCAT('s', seq)"
                + " FROM seq_1_to_37");
        given().post("/sync/pause").then().statusCode(200).body("paused", equalTo(true)).body("sync_enabled", equalTo(false));
        await("no scheduled run while paused").during(Duration.ofMillis(3500)) // three ticks and more
                .atMost(Duration.ofSeconds(10)).until(() -> history().isEmpty());

        given().post("/sync/resume").then().statusCode(200).body("paused", equalTo(false));
        awaitHistory(1);
        assertEquals("scheduled", history().get(0).get("trigger"));
        awaitIdle();

        given().post("/sync/pause").then().statusCode(200);
        given().post("/sync/trigger").then().statusCode(202).body("run_id", notNullValue());
        awaitHistory(2);
        awaitIdle();
        assertEquals("manual", history().get(0).get("trigger"));
        await("the manual run ran once and did not unpause").during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(10)).until(() -> history().size() == 2);
        given().get("/sync/status").then().body("paused", equalTo(true));
    }

    @Test
    @Order(2)
    void metricsCountTheRowsOfARunOfKnownSize() throws Exception {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(37.0, metric(metrics, "sync_rows_total{outcome=\"created\",table=\"categories\"}"));
        for (String name : List.of("sync_rows_total", "sync_runs_total", "sync_run_duration_seconds_count",
                "sync_lag_seconds", "sync_pending_rows", "sync_last_success_timestamp_seconds", "sync_paused",
                "sync_validation_failures_total", "sync_errors_total")) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        assertTrue(metric(metrics, "sync_runs_total{status=\"success\"}") >= 2);
        assertTrue(metric(metrics, "sync_last_success_timestamp_seconds") > Instant.now().minusSeconds(600).getEpochSecond());
        assertEquals(1.0, metric(metrics, "sync_paused"));
    }

    @Test
    @Order(3)
    void badInputGets4xxJsonAndChangesNothing() {
        Map<String, Object> before = given().get("/sync/status").then().extract().jsonPath().getMap("$");
        checkError(given().contentType(ContentType.JSON).put("/sync/interval"), 400);
        checkError(given().contentType(ContentType.JSON).body("{\"interval_minutes\": 0}").put("/sync/interval"), 400);
        checkError(given().contentType(ContentType.JSON).body("{\"interval_minutes\": 100000}").put("/sync/interval"), 400);
        checkError(given().contentType(ContentType.JSON).body("{\"interval_minutes\": \"abc\"}").put("/sync/interval"), 400);
        checkError(given().contentType(ContentType.JSON).body("{\"interval_minutes\": ").put("/sync/interval"), 400);
        checkError(given().contentType(ContentType.JSON).body("{\"interval\": 5}").put("/sync/interval"), 400);
        checkError(given().contentType(ContentType.JSON).body("{\"tables\": [\"nope\"]}").post("/sync/trigger"), 404);
        checkError(given().contentType(ContentType.JSON).body("{\"tables\": ").post("/sync/trigger"), 400);
        checkError(given().post("/sync/reset/nope"), 404);
        checkError(given().get("/sync/history?limit=abc"), 400);
        checkError(given().get("/sync/history?limit=0"), 400);
        Map<String, Object> after = given().get("/sync/status").then().extract().jsonPath().getMap("$");
        for (String key : List.of("paused", "sync_interval_minutes", "next_sync", "last_sync")) {
            assertEquals(before.get(key), after.get(key), key + " changed");
        }
        assertEquals(2, history().size(), "no run was started");
    }

    @Test
    @Order(4)
    void triggerDuringARunIs409AndTwoConcurrentTriggersGiveOneRun() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, price) SELECT seq, CONCAT('S', seq), CONCAT('p', seq), 1.00"
                + " FROM seq_1_to_400");
        QuarkusMock.installMockForType(new SlowUpserter(ClientProxy.unwrap(writer), 150), BulkUpserter.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> post = () -> given().contentType(ContentType.JSON).body("{\"tables\":[\"products\"]}")
                    .post("/sync/trigger").statusCode();
            Future<Integer> a = pool.submit(post);
            Future<Integer> b = pool.submit(post);
            List<Integer> codes = new ArrayList<>(List.of(a.get(), b.get()));
            codes.sort(null);
            assertEquals(List.of(202, 409), codes);
        } finally {
            pool.shutdown();
        }
        Response again = given().post("/sync/trigger");
        checkError(again, 409);
        checkError(given().post("/sync/reset/products"), 409);
        given().get("/sync/status").then().body("running", equalTo(true));
        awaitIdle();
        assertEquals(3, history().size());
        assertEquals(400, mongo.getDatabase("t_" + DB).getCollection("products").countDocuments());
    }

    @Test
    @Order(5)
    void twoReplicasNeverSyncTheSameTableAtTheSameTime() throws Exception {
        TestDatabase.exec(DB, "UPDATE products SET price = price + 1");
        TestDatabase.exec(DB, "UPDATE categories SET name = CONCAT(name, '!')");
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 100);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "replica-" + r.hashCode()));
        List<Future<RunResult>> runs = new ArrayList<>();
        try {
            for (String owner : List.of("replica-A", "replica-B")) {
                runs.add(pool.submit(() -> {
                    Thread.currentThread().setName(owner);
                    return engine.run(owner + "-run", "manual", List.of(), false, owner);
                }));
            }
            for (Future<RunResult> f : runs) {
                for (TableResult t : f.get().tables()) {
                    assertTrue(List.of("success", "skipped").contains(t.status()), t.toString());
                }
            }
        } finally {
            pool.shutdown();
        }
        List<SlowUpserter.Write> w = slow.writes();
        for (SlowUpserter.Write x : w) {
            for (SlowUpserter.Write y : w) {
                if (!x.thread().equals(y.thread()) && x.collection().equals(y.collection())) {
                    assertFalse(x.start() < y.end() && y.start() < x.end(),
                            "two replicas wrote " + x.collection() + " at the same time");
                }
            }
        }
        long skipped = runs.stream().flatMap(f -> {
            try {
                return f.get().tables().stream();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(t -> t.status().equals("skipped")).count();
        assertTrue(skipped >= 1, "the second replica found a table leased and moved on");
        assertEquals(0, mongo.getDatabase("t_" + DB).getCollection("_sync_leases").countDocuments(
                com.mongodb.client.model.Filters.gt("expires_at", new java.util.Date())),
                "leases are released (expired in place, keeping their epoch)");
    }

    @Test
    @Order(6)
    void changedIntervalMovesTheNextScheduledRunWithoutRestart() throws Exception {
        given().contentType(ContentType.JSON).body("{\"interval_minutes\": 1440}").put("/sync/interval").then()
                .statusCode(200).body("sync_interval_minutes", equalTo(1440));
        given().post("/sync/resume").then().statusCode(200);
        await("the last run started less than a day ago: nothing is due").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10)).until(() -> history().size() == 3);
        int runs = history().size();

        Response changed = given().contentType(ContentType.JSON).body("{\"interval_minutes\": 1}").put("/sync/interval");
        changed.then().statusCode(200).body("sync_interval_minutes", equalTo(1));
        Instant next = Instant.parse(changed.jsonPath().getString("next_sync"));
        assertTrue(Duration.between(Instant.now(), next).toSeconds() <= 60, "next run within a minute: " + next);
        given().get("/sync/status").then().body("sync_interval_minutes", equalTo(1))
                .body("next_sync", equalTo(changed.jsonPath().getString("next_sync")));
        Document stored = mongo.getDatabase("t_" + DB).getCollection("_sync_state").find().first();
        assertEquals(1, stored.getInteger("interval_minutes"));

        await("the scheduled run").atMost(Duration.between(Instant.now(), next.plusSeconds(20)))
                .pollInterval(Duration.ofMillis(500)).until(() -> history().size() > runs);
        Map<String, Object> newest = history().get(0);
        assertEquals("scheduled", newest.get("trigger"));
        Instant started = Instant.parse((String) newest.get("started_at"));
        assertTrue(!started.isBefore(next.minusSeconds(1)) && started.isBefore(next.plusSeconds(5)),
                "the scheduled run started at the recomputed time " + next + ", was " + started);
    }

    private static void checkError(Response r, int status) {
        r.then().statusCode(status).contentType(ContentType.JSON).body("error", notNullValue())
                .body("message", notNullValue());
    }

    private static List<Map<String, Object>> history() {
        return given().get("/sync/history?limit=100").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static void awaitHistory(int n) {
        await("expected " + n + " runs in history").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> history().size() >= n);
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
    }

    static double metric(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError(series + " not found");
    }
}
