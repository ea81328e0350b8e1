package io.mysqlmongosync.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.engine.TableResult;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SourceQuery;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * Edits made in MongoDB written back to MySQL through configuration and a run: exact types, refused edits left
 * alone and counted, one MySQL write per edit and no forward rewrite (the loop test), a concurrent MySQL change
 * resolved by the conflict policy and recorded. MySQL writes are counted by a trigger (db/reverse.sql).
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ReverseSyncIT.DB),
    @ResourceArg(name = "schema", value = "/db/reverse.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.reverse-tables", value = "products"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/reverse.yaml"),
    @ResourceArg(name = "SYNC_PROTECT_PRODUCTS", value = "secret:mask"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ReverseSyncIT extends EngineFixture {

    static final String DB = "mms_reverse";

    @Inject
    ReversePass reverse;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    MongoCollection<Document> products() {
        return coll("products");
    }

    double writtenMetric() {
        io.micrometer.core.instrument.Counter c = registry.find(ReversePass.METRIC).tags("table", "products",
                "outcome", "written", "direction", "reverse").counter();
        return c == null ? 0 : c.count();
    }

    TableResult run() throws Exception {
        return pass("products");
    }

    static long writes() throws Exception {
        return SourceQuery.scalar(DB, "SELECT n FROM write_count");
    }

    static long scalar(String sql) throws Exception {
        return SourceQuery.scalar(DB, sql);
    }

    static Object[] row(int id, String columns) throws Exception {
        return SourceQuery.row(DB, "SELECT " + columns + " FROM products WHERE id = " + id);
    }

    void edit(int id, Bson... updates) {
        List<Bson> all = new ArrayList<>(List.of(updates));
        all.add(Updates.set("updated_at", new Date()));
        products().updateOne(Filters.eq("_id", id), Updates.combine(all));
    }

    @Test
    void editsLandInMysqlWithExactTypes() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (1, 'lamp', 5.00, 3)");
        run();
        long before = writes();
        double metric = writtenMetric();
        edit(1, ExactTypes.fields().entrySet().stream().map(f -> Updates.set(f.getKey(), f.getValue()))
                .toArray(Bson[]::new));
        TableResult r = run();
        assertEquals(1, reverse.latest().get("products").count(ReverseOutcome.WRITTEN));
        assertEquals(before + 1, writes(), "one MySQL write for one edit");
        assertEquals(0, r.updated(), "the forward pass rewrites nothing");
        ExactTypes.assertWritten(row(1, ExactTypes.COLUMNS));
        Document d = products().find(Filters.eq("_id", 1)).first();
        Document sync = d.get("_sync", Document.class);
        assertEquals(scalar("SELECT CAST(UNIX_TIMESTAMP(updated_at) * 1000000 AS SIGNED) FROM products WHERE id = 1"),
                sync.getLong("version"), "the document's _sync is at the row's new version");
        assertEquals(new Decimal128(new BigDecimal("14.760")), d.get("price_with_tax"), "computed field re-derived");
        assertEquals(0, run().updated());
        assertEquals(before + 1, writes(), "a second run writes nothing");
        assertEquals(metric + 1, writtenMetric(), 0.0, "sync_reverse_documents{outcome=written,direction=reverse}");
    }

    @Test
    void stopBetweenMysqlCommitAndSettlingWritesNothingTwice() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (5, 'shelf', 30.00, 1)");
        run();
        // A pass that stopped (kill -9) after its MySQL commit but before settling the document leaves exactly
        // this: the edit in MySQL at a newer row version, the document still edited at its old _sync.
        edit(5, Updates.set("stock", 42));
        TestDatabase.exec(DB, "UPDATE products SET stock = 42 WHERE id = 5");
        long before = writes();
        long conflicts = coll("_sync_conflicts").countDocuments();
        TableResult r = run();
        assertEquals(1, reverse.latest().get("products").count(ReverseOutcome.UNCHANGED));
        assertEquals(before, writes(), "not written twice");
        assertEquals(conflicts, coll("_sync_conflicts").countDocuments(),
                "its own write is no conflict");
        assertEquals(0, r.updated() + r.conflict(), "the document was settled, the forward pass has nothing to do");
        Document d = products().find(Filters.eq("_id", 5)).first();
        assertEquals(42, d.getInteger("stock"));
        assertEquals(false, EditedDocumentsAccess.edited(d));
    }

    @Test
    void withoutInsertsOnANewDocumentIsNotInserted() throws Exception {
        run();
        long rows = scalar("SELECT COUNT(*) FROM products");
        products().insertOne(new Document("_id", 900).append("title", "new").append("price",
                new Decimal128(BigDecimal.ONE)).append("updated_at", new Date()));
        run();
        assertEquals(rows, scalar("SELECT COUNT(*) FROM products"), "SYNC_REVERSE_TABLES alone never inserts");
        assertEquals(java.util.Map.of(), reverse.latest().get("products").inserts());
        assertEquals(null, products().find(Filters.eq("_id", 900)).first().get("_sync"), "the document is left alone");
        products().deleteOne(Filters.eq("_id", 900));
    }

    @Test
    void statusShowsTheLatestReversePass() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (6, 'bench', 80.00, 1)");
        run();
        edit(6, Updates.set("stock", 2));
        run();
        io.restassured.path.json.JsonPath status = io.restassured.RestAssured.given().get("/sync/status").jsonPath();
        assertEquals(1, status.getInt("tables.products.reverse.written"));
        assertEquals(0, status.getInt("tables.products.reverse.refused"));
        assertEquals("polling", status.getString("tables.products.reverse.capture"),
                "the in-process server without its oplog offers no change streams");
        assertEquals(null, status.getString("tables.products.reverse.stream_state"));
    }

    @Test
    void refusedEditsLeaveTheRowAloneAndAreCounted() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, secret) VALUES (2, 'desk', 50.00, 'x')");
        run();
        Object[] original = row(2, "name, price, secret, updated_at");
        long before = writes();
        Bson[] refused = {Updates.set("price", "cheap"), Updates.set("price", new Decimal128(new BigDecimal("1.234"))),
            Updates.set("price", new Decimal128(new BigDecimal("123456789"))), Updates.set("price", 1.5),
            Updates.set("price_with_tax", new Decimal128(BigDecimal.ONE)), Updates.set("secret", "y"),
            Updates.set("id", 99), Updates.set("tags", List.of("unknown")), Updates.set("stock", 5_000_000_000L),
            Updates.set("title", "x".repeat(101)), Updates.set("extra", 1)};
        for (Bson change : refused) {
            Document kept = products().find(Filters.eq("_id", 2)).first();
            edit(2, change);
            run();
            assertEquals(1, reverse.latest().get("products").count(ReverseOutcome.REFUSED), change.toString());
            assertEquals(before, writes(), "nothing written for " + change);
            assertArrayEquals(original, row(2, "name, price, secret, updated_at"), change.toString());
            products().replaceOne(Filters.eq("_id", 2), kept); // undo, so the next change is the only edit
        }
    }

    @Test
    void loopTestThousandEditsThousandWritesNoBounce() throws Exception {
        StringBuilder insert = new StringBuilder("INSERT INTO products (id, name, price, stock) VALUES ");
        for (int i = 0; i < 1000; i++) {
            insert.append(i == 0 ? "" : ", ").append("(").append(1000 + i).append(", 'p").append(i).append("', 1.00, 0)");
        }
        TestDatabase.exec(DB, insert.toString());
        run();
        long before = writes();
        List<WriteModel<Document>> edits = new ArrayList<>();
        Date now = new Date();
        for (int i = 0; i < 1000; i++) {
            edits.add(new UpdateOneModel<>(Filters.eq("_id", 1000 + i), Updates.combine(Updates.set("stock", i + 1),
                    Updates.set("updated_at", now))));
        }
        products().bulkWrite(edits);
        TableResult r = run();
        ReverseResult rev = reverse.latest().get("products");
        assertEquals(1000, rev.count(ReverseOutcome.WRITTEN), rev.toString());
        assertEquals(before + 1000, writes(), "exactly one MySQL write per edit");
        assertEquals(0, r.updated() + r.created() + r.conflict(), "no forward rewrite: " + r);
        TableResult again = run();
        assertEquals(0, again.updated() + again.created(), "nothing bounced on the next run either");
        assertEquals(before + 1000, writes());
        assertEquals(0, reverse.latest().get("products").written());
        for (Document d : products().find(Filters.gte("_id", 1000))) {
            int id = d.getInteger("_id");
            assertEquals(id - 1000 + 1, d.getInteger("stock"));
            assertEquals(id - 1000 + 1, ((Number) row(id, "stock")[0]).intValue(), "source equals target, id " + id);
        }
    }

    @Test
    void concurrentEditNewerWinsAndIsRecorded() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (3, 'chair', 20.00, 1), "
                + "(4, 'stool', 10.00, 1)");
        run();
        long before = writes();
        // 3: MongoDB edit first, MySQL change later → MySQL is newer and wins; the document takes the row.
        edit(3, Updates.set("stock", 50));
        WallClock.awaitNextMillisecond(); // the MySQL change below is the newer side
        TestDatabase.exec(DB, "UPDATE products SET stock = 60 WHERE id = 3");
        // 4: MySQL change first, MongoDB edit later → the edit is newer and is written over the row.
        TestDatabase.exec(DB, "UPDATE products SET name = 'bar stool' WHERE id = 4");
        WallClock.awaitNextMillisecond(); // the edit below is the newer side
        edit(4, Updates.set("stock", 9));
        run();
        ReverseResult rev = reverse.latest().get("products");
        assertEquals(1, rev.count(ReverseOutcome.CONFLICT_KEPT), rev.toString());
        assertEquals(1, rev.count(ReverseOutcome.CONFLICT_WRITTEN), rev.toString());
        assertEquals(60, ((Number) row(3, "stock")[0]).intValue());
        assertEquals(60, products().find(Filters.eq("_id", 3)).first().getInteger("stock"));
        assertEquals(9, ((Number) row(4, "stock")[0]).intValue());
        assertEquals(before + 2 + 1, writes(), "two MySQL updates by the test, one write-back");
        MongoCollection<Document> conflicts = coll("_sync_conflicts");
        Document c3 = conflicts.find(Filters.eq("doc_id", 3)).first();
        Document c4 = conflicts.find(Filters.eq("doc_id", 4)).first();
        assertEquals("source", c3.get("winner"));
        assertEquals(50, c3.get("target_document", Document.class).get("stock"));
        assertEquals(60, c3.get("source_document", Document.class).get("stock"));
        assertEquals("target", c4.get("winner"));
        assertNotEquals(null, c4.get("source_document"));
    }
}
