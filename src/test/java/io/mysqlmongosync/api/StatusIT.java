package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.SlowUpserter;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operator reads after and during runs: /sync/status (per-table state, last result kept across runs, progress
 * only while loading, one overall state), /sync/health's pending tables, run statuses and freshness metrics, and
 * the run and table log lines whose counts add up.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_status"),
    @ResourceArg(name = "schema", value = "/db/status.sql"),
    @ResourceArg(name = "tables", value = "categories,products"),
    @ResourceArg(name = "sync.batch-size", value = "20"),
    @ResourceArg(name = "sync.parallel-tables", value = "1"),
    @ResourceArg(name = "sync.reconcile-every-runs", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class StatusIT {

    static final String DB = "mms_status";
    static final Pattern TABLE_LINE = Pattern.compile("Table (\\w+) synced \\((\\w+)\\) in \\d+ ms: (\\d+) read \\((\\d+) new"
            + " or changed, (\\d+) re-read from the look-back window\\) = (\\d+) created \\+ (\\d+) updated \\+ (\\d+)"
            + " unchanged \\+ (\\d+) deleted \\+ (\\d+) skipped \\+ (\\d+) conflicts.*");
    static LogCapture controllerLog;
    static LogCapture engineLog;

    @Inject
    SyncController controller;

    @Inject
    SyncEngine engine;

    @Inject
    BulkUpserter writer;

    @Inject
    io.mysqlmongosync.engine.RunHistory history;

    @Inject
    MongoClient mongo;

    @BeforeAll
    static void capture() {
        controllerLog = LogCapture.of(SyncController.class);
        engineLog = LogCapture.of(SyncEngine.class);
    }

    @AfterAll
    static void release() {
        controllerLog.detach();
        engineLog.detach();
    }

    @Test
    @Order(1)
    void idleStatusAfterALoadShowsStatesNotProgressAndAOneTableTriggerKeepsTheOthers() throws Exception {
        assertEquals("PAUSED", status().getString("state"), "tests start with SYNC_ENABLED=false");
        // Scheduled runs on, the next one a day away: only the runs this test triggers happen.
        given().contentType(ContentType.JSON).body("{\"interval_minutes\": 1440}").put("/sync/interval").then()
                .statusCode(200);
        given().post("/sync/resume").then().statusCode(200);
        TestDatabase.exec(DB, "INSERT INTO categories (id, name) SELECT seq, CONCAT('c', seq) FROM seq_1_to_30");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.00 FROM seq_1_to_200");
        String first = trigger("{}");
        awaitIdle();

        JsonPath s = status();
        assertEquals("RUNNING", s.getString("state"));
        Map<String, Object> products = s.getMap("tables.products");
        assertEquals("idle", products.get("state"));
        assertNull(products.get("progress"), "no progress outside a load: " + products);
        assertNull(products.get("eta_seconds"), "no ETA outside a load: " + products);
        assertFalse(products.containsKey("mode"), "one field says where the table stands: phase");
        assertEquals("incremental", products.get("phase"));
        assertEquals("success", products.get("last_status"));
        assertEquals(200, products.get("documents"));
        assertNull(products.get("last_error"));
        assertNotNull(products.get("last_success_at"));
        assertEquals(first, s.getString("tables.products.last_result.run_id"));
        assertEquals("initial", s.getString("tables.products.last_result.mode"));
        assertEquals(200, s.getInt("tables.products.last_result.created"));
        assertEquals(List.of("categories", "products"), s.getList("tables_synced"));

        String nextSync = s.getString("next_sync");
        String second = trigger("{\"tables\": [\"products\"]}");
        awaitIdle();
        JsonPath after = status();
        assertEquals(nextSync, after.getString("next_sync"), "a one-table trigger leaves the schedule of all tables");
        assertEquals("success", after.getString("tables.categories.last_status"), "categories keeps its last result");
        assertEquals(first, after.getString("tables.categories.last_result.run_id"));
        assertEquals(30, after.getInt("tables.categories.last_result.created"));
        assertEquals(second, after.getString("tables.products.last_result.run_id"));
        assertEquals("incremental", after.getString("tables.products.last_result.mode"));

        // After a restart the status reads the same last results back from the run history.
        Map<String, SyncController.LastTableResult> stored = history.lastTableResults(50);
        assertEquals(first, stored.get("categories").runId());
        assertEquals(30, stored.get("categories").result().created());
        assertEquals(second, stored.get("products").runId());
        assertEquals(200, stored.get("products").result().reread());

        List<Map<String, Object>> tables = given().get("/sync/tables").then().statusCode(200).extract().jsonPath()
                .getList("$");
        Map<String, Object> strategies = new java.util.HashMap<>();
        tables.forEach(t -> strategies.put((String) t.get("name"), t.get("strategy")));
        assertEquals(Map.of("products", "timestamp", "categories", "timestamp"), strategies,
                "the capture mode (no DocumentCustomizer bean for these tables)");

        // The log of the first run: a start line, a finish line, and per-table counts that add up.
        assertTrue(controllerLog.has("Run " + first + " started (manual): tables categories, products"),
                controllerLog.messages().toString());
        assertTrue(controllerLog.has("Run " + first + " finished (manual): success in "), controllerLog.messages().toString());
        String load = line("products", "initial");
        long[] n = counts(load);
        assertEquals(200, n[3], "created: " + load);
        assertTrue(n[5] > 0 && load.contains("(unchanged: documents already in MongoDB with the same content"),
                "the rows re-read after the load are unchanged, and the line says why: " + load);
        assertEquals(n[5], n[2], "the unchanged rows are the re-read ones: " + load);
    }

    @Test
    @Order(2)
    void aRunWithASkippedTableIsPartialAndMovesOnlyThatTablesFreshness() throws Exception {
        String before = metrics();
        double lastSuccess = ControlApiIT.metric(before, "sync_last_success_timestamp_seconds");
        double products = ControlApiIT.metric(before, "sync_table_last_success_timestamp_seconds{table=\"products\"}");
        double categories = ControlApiIT.metric(before, "sync_table_last_success_timestamp_seconds{table=\"categories\"}");
        assertTrue(lastSuccess > 0 && products > 0 && categories > 0, before);
        // the gauges count whole seconds: the run below starts in a later second than the ones they show
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond()
                > Math.max(lastSuccess, Math.max(products, categories)));
        // Over the expired lease document an earlier run of this replica left (released leases keep their epoch).
        leases().replaceOne(new Document("_id", "categories"), new Document("_id", "categories")
                .append("owner", "other-replica").append("epoch", 99L)
                .append("expires_at", new Date(System.currentTimeMillis() + 3_600_000)),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        try {
            String partial = trigger("{}");
            awaitIdle();
            assertEquals("partial", run(partial).get("status"), "a skipped table is not a success");
            String after = metrics();
            assertEquals(lastSuccess, ControlApiIT.metric(after, "sync_last_success_timestamp_seconds"),
                    "a partial run does not move the last success");
            assertTrue(ControlApiIT.metric(after, "sync_table_last_success_timestamp_seconds{table=\"products\"}") > products);
            assertEquals(categories, ControlApiIT.metric(after,
                    "sync_table_last_success_timestamp_seconds{table=\"categories\"}"));
            assertEquals(1.0, ControlApiIT.metric(after, "sync_runs_total{status=\"partial\"}"));
            JsonPath s = status();
            assertEquals("skipped", s.getString("tables.categories.last_status"));
            assertEquals("other-replica", s.getString("tables.categories.lease_holder"));
            assertEquals("syncing", s.getString("tables.categories.state"), "another replica syncs it");
            assertEquals("success", s.getString("tables.products.last_status"));
            assertEquals(List.of("products"), s.getList("tables_synced"));

            String skipped = trigger("{\"tables\": [\"categories\"]}");
            awaitIdle();
            assertEquals("skipped", run(skipped).get("status"), "a run whose tables were all skipped is not a success");
            assertEquals(lastSuccess, ControlApiIT.metric(metrics(), "sync_last_success_timestamp_seconds"));
        } finally {
            leases().deleteMany(new Document("owner", "other-replica"));
        }
        String success = trigger("{}");
        awaitIdle();
        assertEquals("success", run(success).get("status"));
        assertTrue(ControlApiIT.metric(metrics(), "sync_last_success_timestamp_seconds") > lastSuccess);
    }

    @Test
    @Order(3)
    void pendingOperationsCountsTheTablesStillToDoAndStatusShowsWhatRuns() throws Exception {
        TestDatabase.exec(DB, "UPDATE products SET price = price + 1");
        QuarkusMock.installMockForType(new SlowUpserter(ClientProxy.unwrap(writer), 150), BulkUpserter.class);
        String id = trigger("{}");
        List<String> seen = new ArrayList<>();
        AtomicBoolean oneLeft = new AtomicBoolean();
        // polled every 50 ms while the run runs: each poll samples health and status
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int pending = given().get("/sync/health").then().statusCode(200).extract().jsonPath().getInt("pending_operations");
            JsonPath s = status();
            String products = s.getString("tables.products.state");
            String categories = s.getString("tables.categories.state");
            seen.add(pending + ":" + categories + "/" + products);
            if (pending == 1 && "syncing".equals(products) && controller.activeRun() != null) {
                oneLeft.set(true);
                assertEquals("idle", categories);
                assertEquals(id, s.getString("tables.categories.last_result.run_id"), "categories finished in this run");
                assertNull(s.get("tables.products.progress"), "an incremental pass shows no progress");
                assertEquals(true, s.getBoolean("running"));
                assertEquals("RUNNING", s.getString("state"));
            }
            return controller.activeRun() == null;
        });
        assertTrue(oneLeft.get(), "one table left while products synced: " + seen);
        assertEquals(0, given().get("/sync/health").then().extract().jsonPath().getInt("pending_operations"));
    }

    @Test
    @Order(4)
    void tableLineSeparatesReReadsFromNewChangesAndItsCountsAddUp() throws Exception {
        TestDatabase.exec(DB, "UPDATE products SET price = 9.00 WHERE id IN (1, 2, 3)");
        TestDatabase.exec(DB, "UPDATE products SET deleted_at = NOW(6) WHERE id = 4");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (500, 'bad', -1.00)");
        int before = engineLog.messages().size();
        String id = trigger("{\"tables\": [\"products\"]}");
        awaitIdle();
        String line = engineLog.messages().subList(before, engineLog.messages().size()).stream()
                .filter(m -> m.startsWith("Table products synced (incremental)")).findFirst().orElseThrow();
        long[] n = counts(line);
        assertEquals(5, n[1], "new or changed: 3 updates, 1 soft delete, 1 rejected insert: " + line);
        assertTrue(n[2] > 0, "the look-back window re-read rows: " + line);
        assertEquals(n[0], n[1] + n[2], line);
        assertEquals(0, n[3], line);
        assertEquals(3, n[4], line);
        assertEquals(n[2], n[5], "the re-read rows are unchanged: " + line);
        assertEquals(1, n[6], line);
        assertEquals(1, n[7], line);
        assertEquals(0, n[8], line);
        String finished = controllerLog.messages().stream().filter(m -> m.startsWith("Run " + id + " finished")).findFirst()
                .orElseThrow();
        assertTrue(finished.contains("success in ") && finished.contains("1 tables: 1 synced, 0 failed, 0 blocked, 0 skipped")
                && finished.contains(n[0] + " read (5 new or changed, " + n[2] + " re-read)"), finished);
        assertNull(mongo.getDatabase("t_" + DB).getCollection("products").find(new Document("_id", 4)).first());
    }

    @Test
    @Order(5)
    void aBlockedTableDegradesTheServiceAndItsRunIsPartialNotASuccess() throws Exception {
        TestDatabase.exec(DB, "ALTER TABLE categories MODIFY COLUMN id VARCHAR(20) NOT NULL");
        String id = trigger("{}");
        awaitIdle();
        assertEquals("partial", run(id).get("status"), "a blocked table is not a success");
        JsonPath s = status();
        assertEquals("DEGRADED", s.getString("state"));
        assertEquals("blocked", s.getString("tables.categories.state"));
        assertEquals("blocked", s.getString("tables.categories.last_status"));
        assertTrue(s.getString("tables.categories.last_error").startsWith("blocked by schema drift: "),
                s.getString("tables.categories.last_error"));
        assertEquals("idle", s.getString("tables.products.state"));
        assertNull(s.get("tables.products.last_error"));

        given().post("/sync/reset/categories").then().statusCode(200);
        String reloaded = trigger("{\"tables\": [\"categories\"]}");
        awaitIdle();
        assertEquals("success", run(reloaded).get("status"));
        JsonPath after = status();
        assertEquals("RUNNING", after.getString("state"));
        assertEquals("idle", after.getString("tables.categories.state"));
        assertNull(after.get("tables.categories.last_error"));
    }

    /** read, new, reread, created, updated, unchanged, deleted, skipped, conflicts; asserts that they add up. */
    private static long[] counts(String line) {
        Matcher m = TABLE_LINE.matcher(line);
        assertTrue(m.matches(), line);
        long[] n = new long[9];
        for (int i = 0; i < 9; i++) {
            n[i] = Long.parseLong(m.group(i + 3));
        }
        assertEquals(n[0], n[3] + n[4] + n[5] + n[6] + n[7] + n[8], "created + updated + unchanged + deleted + skipped"
                + " + conflicts = read: " + line);
        return n;
    }

    private static String line(String table, String mode) {
        return engineLog.messages().stream().filter(m -> m.startsWith("Table " + table + " synced (" + mode + ")"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + mode + " line of " + table + ": "
                        + engineLog.messages()));
    }

    private com.mongodb.client.MongoCollection<Document> leases() {
        return mongo.getDatabase("t_" + DB).getCollection("_sync_leases");
    }

    private static String trigger(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/sync/trigger").then().statusCode(202).extract()
                .jsonPath().getString("run_id");
    }

    private static JsonPath status() {
        return given().get("/sync/status").then().statusCode(200).extract().jsonPath();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static Map<String, Object> run(String id) {
        List<Map<String, Object>> runs = given().get("/sync/history?limit=100").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return runs.stream().filter(r -> id.equals(r.get("id"))).findFirst().orElseThrow();
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
    }
}
