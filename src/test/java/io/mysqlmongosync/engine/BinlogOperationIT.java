package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Binlog capture in operation, with SYNC_SOFT_DELETE_MODE=mark, SYNC_CONFLICT_POLICY=target-wins and embedded
 * tables: a hard delete keeps the document marked {@code _deleted: true}; an edit made in MongoDB is kept and
 * recorded although MySQL changed the row later; inserts, updates and deletes of embedded rows refresh the parent
 * documents; the supervisor restarts a stream whose thread ended; a binlog purged while the stream was stopped
 * blocks the table with an alert and a clear status (never skipped) until a forced reload.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/binlog-operation"),
    @ResourceArg(name = "embed", value = "true"),
    @ResourceArg(name = "settings", value = "sync.soft-delete-mode=mark;sync.conflict-policy=target-wins")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinlogOperationIT {

    static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    SyncEngine engine;

    @Inject
    BinlogStreams streams;

    @Inject
    MongoClient mongo;

    MongoCollection<Document> collection(String name) {
        return mongo.getDatabase("t_" + DB).getCollection(name);
    }

    @Test
    @Order(1)
    void everyTableLoadsAndStreams() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("items", "orders", "order_lines", "customers"), false);
        assertEquals("success", run.status(), run.toString());
        assertEquals(3, collection("items").countDocuments());
        Document order = collection("orders").find(new Document("_id", 10)).first();
        assertEquals(2, order.getList("lines", Document.class).size(), order.toJson());
        assertEquals("Ada", order.get("customer", Document.class).getString("name"));
        await(() -> streams.status().values().stream().filter(s -> "streaming".equals(s.streamState())).count() == 4,
                () -> "four tables stream: " + streams.status());
    }

    @Test
    @Order(2)
    void aHardDeleteInMarkModeKeepsTheDocumentMarkedDeleted() throws Exception {
        BinlogSyncResource.server.exec(DB, "DELETE FROM items WHERE id = 3");
        await(() -> Boolean.TRUE.equals(item(3).get("_deleted")), "item 3 marked deleted");
        Document three = item(3);
        assertEquals("cup", three.getString("name"), "the last state is kept: " + three.toJson());
        assertNotNull(three.get("_sync", Document.class).getString("hash"));
        assertEquals(3, collection("items").countDocuments());
    }

    @Test
    @Order(3)
    void anEditMadeInMongoDbUnderTargetWinsIsKeptAndRecorded() throws Exception {
        collection("items").updateOne(new Document("_id", 1), new Document("$set",
                new Document("name", "edited-in-mongo").append("updated_at", new Date())));
        WallClock.awaitNextMillisecond(); // the MySQL change below is newer than the MongoDB edit: target-wins keeps it
        BinlogSyncResource.server.exec(DB, "UPDATE items SET qty = 42 WHERE id = 1",
                "INSERT INTO items (id, name, qty, price) VALUES (40, 'marker', 1, 1.00)");
        await(() -> item(40) != null, "the marker written after the update arrives");
        assertEquals("edited-in-mongo", item(1).getString("name"));
        assertEquals(1, item(1).getInteger("qty"));
        Document conflict = collection("_sync_conflicts").find(new Document("doc_id", 1)).first();
        assertNotNull(conflict, "the conflict is recorded");
        assertEquals("target", conflict.getString("winner"));
        assertEquals("target-wins", conflict.getString("policy"));
    }

    @Test
    @Order(4)
    void changesToEmbeddedRowsRefreshTheirParentsDeletesIncluded() throws Exception {
        BinlogSyncResource.server.exec(DB, "INSERT INTO order_lines (id, order_id, sku, qty) VALUES (103, 11, 'D', 4)",
                "UPDATE order_lines SET qty = 9 WHERE id = 100", "DELETE FROM order_lines WHERE id = 101");
        await(() -> skus(10).equals("A:9") && skus(11).equals("C:3,D:4"), () -> "lines of orders 10 and 11 refreshed: "
                + skus(10) + " / " + skus(11) + "; " + streams.status());
        BinlogSyncResource.server.exec(DB, "UPDATE customers SET name = 'Ada L.' WHERE id = 1",
                "DELETE FROM customers WHERE id = 2");
        await(() -> "Ada L.".equals(customerOf(10)) && customerOf(11) == null
                && collection("orders").find(new Document("_id", 11)).first().containsKey("customer"),
                () -> "customers refreshed: " + collection("orders").find().into(new java.util.ArrayList<>()));
        BinlogSyncResource.server.exec(DB, "DELETE FROM order_lines WHERE order_id = 11");
        await(() -> skus(11).isEmpty(), "every line of order 11 deleted");
    }

    @Test
    @Order(5)
    void theSupervisorRestartsAStreamWhoseThreadEnded() throws Exception {
        SourceStreamer first = streams.source();
        first.close(); // its thread ends as after a crash; the tables stay registered
        assertTrue(!first.alive());
        await(() -> streams.source() != first && streams.source() != null
                && "streaming".equals(streams.status("items").streamState()), "a new stream runs");
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (41, 'after restart', 1, 1)");
        await(() -> item(41) != null, "changes flow again");
    }

    @Test
    @Order(6)
    void aPurgedPositionBlocksTheTableWithAnAlertUntilItIsReloaded() throws Exception {
        given().post("/sync/pause").then().statusCode(200);
        await(() -> "paused".equals(streams.status("items").streamState()), "streams stopped");
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (42, 'lost', 1, 1.00)",
                "UPDATE items SET qty = 5 WHERE id = 2");
        BinlogSyncResource.purgeBinlogs();
        given().post("/sync/resume").then().statusCode(200);
        await(() -> "position_lost".equals(streams.status("items").streamState()),
                () -> "the lost position is noticed: " + streams.status());
        given().get("/sync/status").then().statusCode(200).body("tables.items.state", equalTo("blocked"))
                .body("tables.items.capture.stream_state", equalTo("position_lost"))
                .body("tables.items.last_error", containsString("no longer on the source"))
                .body("state", equalTo("FAILED")); // every table's position was in the purged files
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("sync_alerts_total{reason=\"binlog_position_lost\"} 4.0"), metrics);
        assertNull(item(42), "nothing after the gap is applied");
        org.awaitility.Awaitility.await("the supervisor does not skip ahead").during(java.time.Duration.ofSeconds(2))
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> "position_lost".equals(streams.status("items").streamState()));

        RunResult blocked = engine.run("manual", List.of("items"), false);
        TableResult r = blocked.tables().get(0);
        assertEquals("failed", r.status(), blocked.toString());
        assertTrue(r.error().contains("force_full"), r.error());

        RunResult reload = engine.run("manual", List.of("items", "orders", "order_lines", "customers"), true);
        assertEquals("success", reload.status(), reload.toString());
        assertEquals("lost", item(42).getString("name"));
        assertEquals(5, item(2).getInteger("qty"));
        await(() -> streams.status().values().stream().allMatch(c -> "streaming".equals(c.streamState())),
                () -> "streaming again after the reload: " + streams.status());
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (43, 'new', 1, 1.00)");
        await(() -> item(43) != null, "changes flow again");
    }

    /**
     * The cause of the lost parent refresh, made deterministic. A server writes a transaction to its binlog, and its
     * binlog readers may receive it, before the storage engine commits it (two-phase commit: prepare, binlog,
     * commit); until then a plain read does not see its rows. Semi-synchronous replication waiting
     * {@code AFTER_SYNC} holds a transaction in exactly that state until a replica acknowledges it, or here, where
     * no reader acknowledges, for {@code rpl_semi_sync_master_timeout} (3 s): the window, normally microseconds wide,
     * stays open long enough for the stream to refresh the parent inside it every time. The refresh must wait for
     * the commit and see the new line.
     */
    @Test
    @Order(7)
    void aParentRefreshSeesAChildWhoseCommitIsStillUnderWayWhenTheBinlogShowsIt() throws Exception {
        await(() -> streams.status().values().stream().allMatch(c -> "streaming".equals(c.streamState())),
                () -> "every table streams: " + streams.status());
        BinlogSyncResource.server.exec(null, "SET GLOBAL rpl_semi_sync_master_wait_point = 'AFTER_SYNC'",
                "SET GLOBAL rpl_semi_sync_master_timeout = 3000", "SET GLOBAL rpl_semi_sync_master_enabled = ON");
        try {
            long started = System.nanoTime();
            BinlogSyncResource.server.exec(DB,
                    "INSERT INTO order_lines (id, order_id, sku, qty) VALUES (104, 11, 'E', 5)");
            long heldMillis = (System.nanoTime() - started) / 1_000_000;
            // Without the hold the test would prove nothing: the commit waited for the acknowledgement.
            assertTrue(heldMillis >= 2_500, "the commit was held after the binlog write (" + heldMillis + " ms)");
        } finally {
            BinlogSyncResource.server.exec(null, "SET GLOBAL rpl_semi_sync_master_enabled = OFF");
        }
        await(() -> skus(11).equals("E:5"), () -> "line 104 embedded in order 11: " + skus(11) + "; "
                + streams.status("order_lines"));
    }

    /**
     * The same window on the other side: a document built from a streamed parent row reads the rows it embeds. The
     * new customer's transaction T1 is held after its binlog write (as above), the customers stream has applied it
     * (nothing references customer 3 yet), then T2 points order 11 at it: the orders stream must embed customer 3,
     * waiting for T1's commit, not a null read while T1 was still committing.
     */
    @Test
    @Order(8)
    void aStreamedParentEmbedsARowWhoseCommitIsStillUnderWay() throws Exception {
        String before = streams.status("customers").position();
        BinlogSyncResource.server.exec(null, "SET GLOBAL rpl_semi_sync_master_wait_point = 'AFTER_SYNC'",
                "SET GLOBAL rpl_semi_sync_master_timeout = 3000", "SET GLOBAL rpl_semi_sync_master_enabled = ON");
        java.util.concurrent.ExecutorService t1 = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<?> insert = t1.submit(() -> {
                BinlogSyncResource.server.exec(DB, "INSERT INTO customers (id, name) VALUES (3, 'Linus')");
                return null;
            });
            await(() -> !before.equals(streams.status("customers").position()),
                    () -> "the customers stream applied T1: " + streams.status("customers"));
            assertTrue(!insert.isDone(), "T1's commit is still held");
            BinlogSyncResource.server.exec(DB, "UPDATE orders SET customer_id = 3 WHERE id = 11");
            insert.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            t1.shutdownNow();
            BinlogSyncResource.server.exec(null, "SET GLOBAL rpl_semi_sync_master_enabled = OFF");
        }
        await(() -> "Linus".equals(customerOf(11)), () -> "customer 3 embedded in order 11: "
                + collection("orders").find(new Document("_id", 11)).first());
    }

    private Document item(int id) {
        return collection("items").find(new Document("_id", id)).first();
    }

    private String skus(int order) {
        Document d = collection("orders").find(new Document("_id", order)).first();
        List<Document> lines = d == null ? List.of() : d.getList("lines", Document.class, List.of());
        return String.join(",", lines.stream().map(l -> l.getString("sku") + ":" + l.get("qty")).toList());
    }

    private String customerOf(int order) {
        Document c = collection("orders").find(new Document("_id", order)).first().get("customer", Document.class);
        return c == null ? null : c.getString("name");
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    /** Waits up to 30 s for {@code condition}; the failure message is {@code what}, evaluated then. */
    static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(200)).until(condition::getAsBoolean);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not within 30 s: " + what.get(), e);
        }
    }
}
