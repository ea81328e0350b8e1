package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Per-table schedules against MariaDB and the Mongo wire server: categories every minute
 * (SYNC_CATEGORIES_INTERVAL_MINUTES=1, which wins over the mapping file's 1440), inventory daily (the mapping file's
 * {@code interval_minutes: 1440}), orders on the default schedule (SYNC_INTERVAL_MINUTES, then PUT /sync/interval). The schedule's clock ({@link ScheduleClock}) is
 * moved forward instead of waiting minutes; every scheduled run is then decided by the real ticks (SYNC_TICK=1s),
 * and what it did is read from the documents that land and from the run history.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_table_schedules"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "categories,inventory,orders"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.interval-minutes", value = "30"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/table-schedules.yaml"),
    @ResourceArg(name = "SYNC_CATEGORIES_INTERVAL_MINUTES", value = "1")})
class TableSchedulesIT extends ScheduleFixture {

    static final String DB = "mms_table_schedules";

    @Test
    void eachTableRunsOnItsOwnIntervalAndTheDefaultFollowsTheApi() {
        TestDatabase.exec(DB, "INSERT INTO categories (id, name, slug) VALUES (1, 'books', 'b'), (2, 'games', 'g')");
        TestDatabase.exec(DB, "INSERT INTO inventory (product_id, warehouse, quantity) VALUES (1, 'north', 10),"
                + " (2, 'north', 20)");
        TestDatabase.exec(DB, "INSERT INTO orders (id, customer_id, total_amount) VALUES (1, 1, 10.00)");

        // The first scheduled run: nothing has run yet, so every table is due and one run syncs them all.
        given().post("/sync/resume").then().statusCode(200);
        Map<String, Object> first = awaitRuns(1).get(0);
        assertEquals(List.of("categories", "inventory", "orders"), tables(first));
        assertEquals("books", category(1).getString("name"));
        assertEquals(10, inventory(1).getInteger("quantity"));
        assertEquals(0, order(1).get("total_amount", org.bson.types.Decimal128.class).bigDecimalValue()
                .compareTo(new java.math.BigDecimal("10.00")));
        Instant firstStart = Instant.parse((String) first.get("started_at"));

        JsonPath status = status();
        assertSchedule(status, "categories", 1, "table", firstStart.plus(Duration.ofMinutes(1)));
        assertSchedule(status, "inventory", 1440, "table", firstStart.plus(Duration.ofDays(1)));
        assertSchedule(status, "orders", 30, "default", firstStart.plus(Duration.ofMinutes(30)));
        assertEquals(status.getString("next_sync"), status.getString("tables.orders.next_run_at"),
                "a table without its own interval follows the default schedule");
        Document stored = state().get("table_schedules", Document.class);
        assertEquals(1, stored.get("categories", Document.class).getInteger("interval_minutes"));
        assertEquals(1440, stored.get("inventory", Document.class).getInteger("interval_minutes"));
        assertNull(stored.get("orders"), "the default schedule is the document's own next_run_at");

        // A row changes in each table; a minute and a bit later only categories is due, twice in a row.
        for (int round = 1; round <= 2; round++) {
            TestDatabase.exec(DB, "UPDATE categories SET name = 'books " + round + "' WHERE id = 1");
            TestDatabase.exec(DB, "UPDATE inventory SET quantity = " + (100 + round) + " WHERE product_id = 1");
            TestDatabase.exec(DB, "UPDATE orders SET total_amount = " + (100 + round) + " WHERE id = 1");
            clock.offset = Duration.ofSeconds(61L * round);
            Map<String, Object> run = awaitRuns(1 + round).get(0);
            assertEquals("scheduled", run.get("trigger"));
            assertEquals(List.of("categories"), tables(run), "only the 1-minute table was due: " + run);
            assertEquals("books " + round, category(1).getString("name"), "the 1-minute table's change arrived");
            assertEquals(10, inventory(1).getInteger("quantity"), "the daily table did not run again");
            assertEquals(0, order(1).get("total_amount", org.bson.types.Decimal128.class).bigDecimalValue()
                    .compareTo(new java.math.BigDecimal("10.00")), "the default table (30 min) was not due");
            // The history's start is the wall clock's; the schedule's is the moved clock's.
            Instant started = Instant.parse((String) run.get("started_at")).plus(clock.offset);
            JsonPath after = status();
            assertSchedule(after, "categories", 1, "table", started.plus(Duration.ofMinutes(1)));
            assertSchedule(after, "inventory", 1440, "table", firstStart.plus(Duration.ofDays(1)));
            assertSchedule(after, "orders", 30, "default", firstStart.plus(Duration.ofMinutes(30)));
        }
        int runs = history().size();

        // PUT /sync/interval changes the default: orders follows it, the tables with their own interval do not.
        JsonPath before = status();
        JsonPath changed = given().contentType(ContentType.JSON).body("{\"interval_minutes\": 3}")
                .put("/sync/interval").then().statusCode(200).body("sync_interval_minutes", equalTo(3))
                .extract().jsonPath();
        JsonPath now = status();
        assertEquals(3, now.getInt("sync_interval_minutes"));
        assertEquals(changed.getString("next_sync"), now.getString("tables.orders.next_run_at"));
        assertEquals(3, now.getInt("tables.orders.interval_minutes"));
        for (String table : List.of("categories", "inventory")) {
            assertEquals(before.getInt("tables." + table + ".interval_minutes"),
                    now.getInt("tables." + table + ".interval_minutes"), table + " keeps its own interval");
            assertEquals(before.getString("tables." + table + ".next_run_at"),
                    now.getString("tables." + table + ".next_run_at"), table + " keeps its next run");
        }
        assertEquals(3, state().getInteger("interval_minutes"), "the default is stored");

        // Three minutes after the last start the default is due again (and categories): inventory still is not.
        clock.offset = Duration.ofSeconds(122 + 181);
        Map<String, Object> run = awaitRuns(runs + 1).get(0);
        assertEquals(List.of("categories", "orders"), tables(run), "the due tables of the tick: " + run);
        assertEquals(0, order(1).get("total_amount", org.bson.types.Decimal128.class).bigDecimalValue()
                .compareTo(new java.math.BigDecimal("102.00")), "the default table synced on the new interval");
        assertEquals(10, inventory(1).getInteger("quantity"), "the daily table still waits for its day");

        // A day later the daily table's change arrives too.
        clock.offset = Duration.ofDays(1).plusMinutes(10);
        run = awaitRuns(runs + 2).get(0);
        assertEquals(List.of("categories", "inventory", "orders"), tables(run));
        assertEquals(102, inventory(1).getInteger("quantity"));
    }

    private static void assertSchedule(JsonPath status, String table, int minutes, String source, Instant next) {
        assertEquals(minutes, status.getInt("tables." + table + ".interval_minutes"), table);
        assertEquals(source, status.getString("tables." + table + ".interval_source"), table);
        Instant shown = Instant.parse(status.getString("tables." + table + ".next_run_at"));
        assertTrue(Duration.between(next, shown).abs().toMillis() < 1000,
                table + ": next run " + shown + ", expected " + next);
    }

    /** The newest runs first, once {@code n} runs are recorded and none is still running. */
    private static List<Map<String, Object>> awaitRuns(int n) {
        await("run " + n + " ended").atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> runs = history();
            return runs.size() >= n && runs.stream().noneMatch(r -> "running".equals(r.get("status")))
                    && given().get("/sync/status").then().extract().jsonPath().getBoolean("running") == false;
        });
        List<Map<String, Object>> runs = history();
        assertEquals(n, runs.size(), "exactly " + n + " runs: " + runs);
        assertEquals("success", runs.get(0).get("status"), "newest run: " + runs.get(0));
        return runs;
    }

    /** The tables a finished run synced, from its results. */
    @SuppressWarnings("unchecked")
    private static List<String> tables(Map<String, Object> run) {
        return ((List<Map<String, Object>>) run.get("results")).stream().map(r -> (String) r.get("table")).toList();
    }

    private static List<Map<String, Object>> history() {
        return given().get("/sync/history?limit=100").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private Document state() {
        return coll("_sync_state").find().first();
    }

    private Document category(int id) {
        return coll("categories").find(new Document("_id", id)).first();
    }

    private Document inventory(int productId) {
        return coll("inventory").find().into(new java.util.ArrayList<>()).stream()
                .filter(d -> ((Number) ((Document) d.get("_id")).get("product_id")).intValue() == productId)
                .findFirst().orElseThrow();
    }

    private Document order(int id) {
        return coll("orders").find(new Document("_id", (long) id)).first();
    }
}
