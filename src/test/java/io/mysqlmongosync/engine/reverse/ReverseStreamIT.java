package io.mysqlmongosync.engine.reverse;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.engine.TableResult;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SourceQuery;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits, new documents and deletes made in MongoDB written back by the collection's change stream (the in-process
 * server with its oplog on): within seconds and without a run, deletes conditional on the row's version with conflicts decided by
 * newer-wins and recorded, and a stream stopped and started again (pause, resume) continuing from its resume
 * token without losing or repeating a change. MySQL updates and deletes are counted by triggers.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ReverseStreamIT.DB),
    @ResourceArg(name = "schema", value = "/db/reverse-stream.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mongoOplog", value = "true"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/reverse-stream.yaml"),
    @ResourceArg(name = "SYNC_CDC_SUPERVISE_EVERY", value = "1s"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ReverseStreamIT extends EngineFixture {

    static final String DB = "mms_reverse_stream";
    /** How long a change written back has to come back through the stream (as a document's own change event). */
    static final Duration SETTLED = Duration.ofMillis(1_500);

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    double metric(String outcome) {
        io.micrometer.core.instrument.Counter c = registry.find(ReversePass.METRIC).tags("table", "products",
                "outcome", outcome, "direction", "reverse").counter();
        return c == null ? 0 : c.count();
    }

    static long scalar(String sql) throws Exception {
        return SourceQuery.scalar(DB, sql);
    }

    static long updates() throws Exception {
        return scalar("SELECT updates FROM write_count");
    }

    static long deletes() throws Exception {
        return scalar("SELECT deletes FROM write_count");
    }

    static long stock(int id) throws Exception {
        return scalar("SELECT stock FROM products WHERE id = " + id);
    }

    static JsonPath status() {
        return RestAssured.given().get("/sync/status").jsonPath();
    }

    @BeforeEach
    void streaming() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
    }

    @Test
    void anEditReachesMysqlWithinSecondsWithoutARunAndIsNotBouncedBack() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (1, 'lamp', 5.00, 1)");
        pass("products");
        ProductsStream.awaitStreaming();
        long runs = coll("_sync_runs").countDocuments();
        long before = updates();
        long start = System.nanoTime();
        // Not even the edit field moves: the stream sees every change, unlike polling.
        coll("products").updateOne(Filters.eq("_id", 1), Updates.set("stock", 7));
        await("the edit in MySQL").atMost(ProductsStream.BOUND).until(() -> stock(1) == 7);
        System.out.printf("Edit written back by the change stream in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        // The settled document's own change event comes back through the stream: it must not be written again.
        await("one MySQL write for one edit, nothing bounced").during(SETTLED).atMost(SETTLED.plusSeconds(2))
                .until(() -> updates() == before + 1);
        assertEquals(runs, coll("_sync_runs").countDocuments(), "no run was needed");
        Document d = coll("products").find(Filters.eq("_id", 1)).first();
        assertEquals(ContentHash.of(SyncedDocuments.dataOf(d)), d.get("_sync", Document.class).getString("hash"),
                "the document is settled at the row's new version");
        assertEquals(scalar("SELECT CAST(UNIX_TIMESTAMP(updated_at) * 1000000 AS SIGNED) FROM products WHERE id = 1"),
                d.get("_sync", Document.class).getLong("version"));
        TableResult r = pass("products");
        assertEquals(0, r.updated() + r.conflict(), "the forward pass rewrites nothing: " + r);
        assertEquals(before + 1, updates());
        JsonPath s = status();
        assertEquals("stream", s.getString("tables.products.reverse.capture"));
        assertTrue(s.getInt("tables.products.reverse.written") >= 1, s.prettify());
        assertNotNull(s.getString("tables.products.reverse.last_event_at"));
        assertNotNull(coll("_sync_checkpoints").find(Filters.eq("_id", "reverse-stream:products")).first(),
                "the resume token is stored");
    }

    @Test
    void aNewDocumentIsInsertedWithinSecondsWithoutARun() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (30, 'vase', 9.00, 1)");
        pass("products");
        ProductsStream.awaitStreaming();
        long runs = coll("_sync_runs").countDocuments();
        long updates = updates();
        coll("products").insertOne(new Document("_id", 31).append("name", "jug").append("price",
                new org.bson.types.Decimal128(new java.math.BigDecimal("12.50"))).append("stock", 4)
                .append("updated_at", new Date()));
        await("the row inserted").atMost(ProductsStream.BOUND)
                .until(() -> scalar("SELECT COUNT(*) FROM products WHERE id = 31") == 1);
        assertEquals(1250, scalar("SELECT price * 100 FROM products WHERE id = 31"), "DECIMAL exact");
        assertEquals(4, stock(31));
        await("the document settled").atMost(ProductsStream.BOUND)
                .until(() -> coll("products").find(Filters.eq("_id", 31)).first().get("_sync") != null);
        // The settled document's own change event comes back through the stream: it must not be written again.
        await("one INSERT, no UPDATE").during(SETTLED).atMost(SETTLED.plusSeconds(2))
                .until(() -> updates() == updates);
        assertEquals(runs, coll("_sync_runs").countDocuments(), "no run was needed");
        TableResult r = pass("products");
        assertEquals(0, r.created() + r.updated() + r.conflict(), "the forward pass rewrites nothing: " + r);
        assertTrue(status().getInt("tables.products.reverse.inserts.inserted") >= 1, status().prettify());
    }

    @Test
    void aDeleteLandsAsAConditionalDeleteAndTheForwardPassLeavesItGone() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (10, 'desk', 50.00, 1)");
        pass("products");
        ProductsStream.awaitStreaming();
        long before = deletes();
        double metric = metric("deleted");
        coll("products").deleteOne(Filters.eq("_id", 10));
        await("the row deleted").atMost(ProductsStream.BOUND)
                .until(() -> scalar("SELECT COUNT(*) FROM products WHERE id = 10") == 0);
        assertEquals(before + 1, deletes());
        TableResult r = pass("products");
        assertEquals(0, r.created() + r.updated() + r.conflict(), "the forward pass re-creates nothing: " + r);
        assertNull(coll("products").find(Filters.eq("_id", 10)).first(), "the document stays deleted");
        assertEquals(0, coll("_sync_conflicts").countDocuments(Filters.eq("doc_id", 10)), "no conflict");
        assertTrue(status().getInt("tables.products.reverse.deleted") >= 1);
        assertEquals(metric + 1, metric("deleted"), 0.0, "sync_reverse_documents{outcome=deleted,direction=reverse}");
    }

    @Test
    void changesMadeWhileTheStreamWasStoppedAreWrittenOnceFromItsResumeToken() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (20, 'chair', 20.00, 1), "
                + "(21, 'stool', 10.00, 1), (22, 'shelf', 30.00, 1), (23, 'bench', 80.00, 1)");
        pass("products");
        ProductsStream.awaitStreaming();
        ProductsStream.pause();
        long updates = updates();
        long deletes = deletes();
        // 20: deleted in MongoDB, then changed in MySQL: the row is newer and wins; the document comes back.
        coll("products").deleteOne(Filters.eq("_id", 20));
        WallClock.awaitNextSecond(); // the in-process server stamps changes to the second
        TestDatabase.exec(DB, "UPDATE products SET stock = 99 WHERE id = 20");
        // 21: changed in MySQL (not synced yet), then deleted in MongoDB: the delete is newer and wins.
        TestDatabase.exec(DB, "UPDATE products SET stock = 98 WHERE id = 21");
        WallClock.awaitNextSecond();
        coll("products").deleteOne(Filters.eq("_id", 21));
        // 22: an edit and 23: a delete, nothing changed in MySQL.
        coll("products").updateOne(Filters.eq("_id", 22), Updates.combine(Updates.set("stock", 5),
                Updates.set("updated_at", new Date())));
        coll("products").deleteOne(Filters.eq("_id", 23));
        ProductsStream.resume();
        await("the changes written back").atMost(ProductsStream.BOUND).until(() -> stock(22) == 5
                && scalar("SELECT COUNT(*) FROM products WHERE id IN (21, 23)") == 0
                && coll("products").find(Filters.eq("_id", 20)).first() != null);
        assertEquals(updates + 2 + 1, updates(), "two updates by the test, one write-back");
        assertEquals(deletes + 2, deletes(), "two deletes written back");
        assertEquals(99, stock(20), "the newer MySQL change kept");
        assertEquals(99, coll("products").find(Filters.eq("_id", 20)).first().getInteger("stock"),
                "the document put back from the row");
        Document c20 = coll("_sync_conflicts").find(Filters.eq("doc_id", 20)).first();
        Document c21 = coll("_sync_conflicts").find(Filters.eq("doc_id", 21)).first();
        assertEquals("source", c20.getString("winner"));
        assertEquals(99, c20.get("source_document", Document.class).getInteger("stock"));
        assertNotNull(c20.get("target_document", Document.class).get("_deleted_at"));
        assertEquals("target", c21.getString("winner"));
        assertEquals(0, coll("_sync_conflicts").countDocuments(Filters.in("doc_id", 22, 23)));
        ProductsStream.pause(); // stopped and started again: nothing is replayed twice
        ProductsStream.resume();
        ProductsStream.awaitStreaming();
        await("nothing applied twice after a restart").during(SETTLED).atMost(SETTLED.plusSeconds(2))
                .until(() -> updates() == updates + 3 && deletes() == deletes + 2);
        assertEquals(1, coll("_sync_conflicts").countDocuments(Filters.eq("doc_id", 20)), "recorded once");
    }
}
