package io.mysqlmongosync.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.engine.DocumentBuilders;
import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.TableResult;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.source.reverse.RowWriter;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * New documents created in MongoDB inserted into MySQL, for tables whose mapping file block says
 * {@code reverse: {inserts: true}}, through configuration and runs: exact types, refused inserts leave MySQL alone
 * and are counted, one INSERT per document and no forward rewrite (the loop test), a key that exists already
 * decided by the conflict policy (newer-wins here) and recorded, a pass stopped between the MySQL commit and
 * settling the document inserts nothing twice. MySQL inserts and updates are counted by triggers
 * (db/reverse_inserts.sql).
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ReverseInsertIT.DB),
    @ResourceArg(name = "schema", value = "/db/reverse_inserts.sql"),
    @ResourceArg(name = "tables", value = "products,order_lines,notes"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/reverse_inserts.yaml"),
    @ResourceArg(name = "SYNC_PROTECT_PRODUCTS", value = "secret:mask"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ReverseInsertIT extends EngineFixture {

    static final String DB = "mms_reverse_inserts";

    @Inject
    ReversePass reverse;

    @Inject
    MeterRegistry registry;

    @Inject
    TableCatalog catalog;

    @Inject
    DocumentBuilders builders;

    @Inject
    RowWriter rows;

    ReverseResult latest(String table) {
        return reverse.latest().get(table);
    }

    static long scalar(String sql) throws Exception {
        return SourceQuery.scalar(DB, sql);
    }

    static long inserts() throws Exception {
        return scalar("SELECT inserts FROM write_count");
    }

    static long updates() throws Exception {
        return scalar("SELECT updates FROM write_count");
    }

    static Object[] row(String sql) throws Exception {
        return SourceQuery.row(DB, sql);
    }

    double metric(String outcome, String operation) {
        Counter c = registry.find(ReversePass.METRIC).tags("table", "products", "outcome", outcome, "direction",
                "reverse", "operation", operation).counter();
        return c == null ? 0 : c.count();
    }

    static Document product(int id, String title, String price) {
        return new Document("_id", id).append("title", title).append("price", new Decimal128(new BigDecimal(price)))
                .append("updated_at", new Date());
    }

    /**
     * The document was replaced by the document its row gives (the forward direction's builder): same data, and
     * {@code _sync} with the row's version and that document's hash. The data is compared as a map: the in-process
     * test server keeps a replaced document's old field order, where MongoDB takes the replacement's.
     */
    void settled(Document d, String table) throws Exception {
        assertNotNull(d);
        Document sync = d.get("_sync", Document.class);
        assertNotNull(sync, "the document has its _sync: " + d.toJson());
        TableContext t = catalog.table(table).orElseThrow();
        SourceRow row = rows.read(t.converter(), d.get("_id"));
        TargetDocument built = WriteBack.build(builders.forTable(t), row);
        assertEquals(row.version(), sync.getLong("version"), "_sync at the row's version: " + d.toJson());
        assertEquals(built.hash(), sync.getString("hash"), "_sync has the row document's hash: " + d.toJson());
        assertEquals(SyncedDocuments.dataOf(built.document()), SyncedDocuments.dataOf(d), "the row's document");
    }

    @Test
    void newDocumentsLandAsRowsWithExactTypes() throws Exception {
        pass("products");
        long before = inserts();
        double metric = metric("written", "insert");
        Document doc = product(1, "desk lamp", "12.3");
        doc.putAll(ExactTypes.fields());
        coll("products").insertOne(doc);
        TableResult r = pass("products");
        assertEquals(1, latest("products").inserted(ReverseOutcome.WRITTEN), latest("products").toString());
        assertEquals(before + 1, inserts(), "one MySQL INSERT for one new document");
        assertEquals(0, r.updated() + r.created() + r.conflict(), "the forward pass rewrites nothing: " + r);
        Object[] v = row("SELECT " + ExactTypes.COLUMNS + ", CAST(UNIX_TIMESTAMP(updated_at) * 1000 AS SIGNED)"
                + " FROM products WHERE id = 1");
        ExactTypes.assertWritten(v);
        assertEquals(doc.getDate("updated_at").getTime(), ((Number) v[12]).longValue(),
                "the change column takes the document's change field");
        Document d = coll("products").find(Filters.eq("_id", 1)).first();
        settled(d, "products");
        assertEquals(scalar("SELECT CAST(UNIX_TIMESTAMP(updated_at) * 1000000 AS SIGNED) FROM products WHERE id = 1"),
                d.get("_sync", Document.class).getLong("version"), "_sync at the row's version");
        assertEquals(new Decimal128(new BigDecimal("14.760")), d.get("price_with_tax"), "computed field derived");
        assertEquals(1, d.getInteger("id"), "the key column's field comes from the row");
        TableResult again = pass("products");
        assertEquals(0, again.updated() + again.created() + again.conflict());
        assertEquals(before + 1, inserts(), "a second run inserts nothing");
        assertEquals(0, latest("products").inserted(ReverseOutcome.WRITTEN));
        assertEquals(metric + 1, metric("written", "insert"), 0.0,
                "sync_reverse_documents{outcome=written,operation=insert,direction=reverse}");
        JsonPath status = RestAssured.given().get("/sync/status").jsonPath();
        assertEquals(0, status.getInt("tables.products.reverse.inserts.inserted"), "the latest pass inserted none");
        assertEquals(0, status.getInt("tables.products.reverse.written"));
    }

    @Test
    void compositeAndExplicitAutoIncrementKeysComeFromTheId() throws Exception {
        pass("order_lines");
        pass("notes");
        long before = inserts();
        coll("order_lines").insertOne(new Document("_id", new Document("order_id", 7).append("line_no", 2))
                .append("qty", 3).append("updated_at", new Date()));
        coll("notes").insertOne(new Document("_id", 5).append("body", "hello").append("updated_at", new Date()));
        pass("order_lines");
        pass("notes");
        assertEquals(before + 2, inserts());
        assertEquals(3, scalar("SELECT qty FROM order_lines WHERE order_id = 7 AND line_no = 2"));
        assertEquals("hello", row("SELECT body FROM notes WHERE id = 5")[0]);
        Document line = coll("order_lines").find(Filters.eq("_id", new Document("order_id", 7).append("line_no", 2)))
                .first();
        settled(line, "order_lines");
        assertEquals(7, line.getInteger("order_id"));
        settled(coll("notes").find(Filters.eq("_id", 5)).first(), "notes");
    }

    @Test
    void refusedInsertsLeaveMysqlAloneAndAreCounted() throws Exception {
        pass("products");
        pass("notes");
        pass("order_lines");
        long before = inserts();
        long rows = scalar("SELECT COUNT(*) FROM products");
        double metric = metric("refused", "insert");
        List<Document> refused = new ArrayList<>(List.of(
            product(101, "bad price", "1").append("price", "cheap"),
            product(102, "too precise", "1.234"),
            product(103, null, "1.00"), // title (name) is NOT NULL without a default
            product(104, "computed", "1.00").append("price_with_tax", new Decimal128(BigDecimal.ONE)),
            product(105, "protected", "1.00").append("secret", "y"),
            product(106, "unknown", "1.00").append("extra", 1),
            product(107, "bad set", "1.00").append("tags", List.of("unknown")),
            product(108, "x".repeat(101), "1.00"),
            product(109, "key differs", "1.00").append("id", 99),
            product(110, "micros disagree", "1.00").append("available_at", new Date(1000))
                    .append("available_at_micros", 5_000_000L)));
        refused.get(2).remove("title");
        refused.add(new Document("title", "no key").append("price", new Decimal128(BigDecimal.ONE))
                .append("updated_at", new Date())); // an ObjectId _id is not the key: keys are not invented
        coll("products").insertMany(refused);
        pass("products");
        ReverseResult r = latest("products");
        assertEquals(refused.size(), r.inserted(ReverseOutcome.REFUSED), r.toString());
        assertEquals(0, r.inserted(ReverseOutcome.WRITTEN), r.toString());
        assertEquals(before, inserts(), "nothing inserted");
        assertEquals(rows, scalar("SELECT COUNT(*) FROM products"));
        assertEquals(metric + refused.size(), metric("refused", "insert"), 0.0);
        for (Document d : coll("products").find(Filters.exists("_sync", false))) {
            assertFalse(d.containsKey("_sync"), "a refused document is left as it is");
        }
        coll("notes").insertOne(new Document("_id", new ObjectId()).append("body", "auto")
                .append("updated_at", new Date()));
        coll("order_lines").insertOne(new Document("_id", 8).append("qty", 1).append("updated_at", new Date()));
        pass("notes");
        pass("order_lines");
        assertEquals(1, latest("notes").inserted(ReverseOutcome.REFUSED), "auto-increment key, ObjectId _id");
        assertEquals(1, latest("order_lines").inserted(ReverseOutcome.REFUSED), "composite key, scalar _id");
        assertEquals(before, inserts(), "nothing inserted");
        coll("products").deleteMany(Filters.exists("_sync", false)); // so later passes do not count them again
        coll("notes").deleteMany(Filters.exists("_sync", false));
        coll("order_lines").deleteMany(Filters.exists("_sync", false));
    }

    @Test
    void loopTestEveryNewDocumentIsOneInsertAndNoForwardRewrite() throws Exception {
        pass("products");
        long before = inserts();
        long updatesBefore = updates();
        List<Document> docs = new ArrayList<>();
        Date now = new Date();
        for (int i = 0; i < 500; i++) {
            docs.add(new Document("_id", 1000 + i).append("title", "p" + i)
                    .append("price", new Decimal128(new BigDecimal(i + ".50"))).append("stock", i)
                    .append("updated_at", now));
        }
        coll("products").insertMany(docs);
        TableResult r = pass("products");
        ReverseResult rev = latest("products");
        assertEquals(500, rev.inserted(ReverseOutcome.WRITTEN), rev.toString());
        assertEquals(before + 500, inserts(), "exactly one MySQL INSERT per new document");
        assertEquals(updatesBefore, updates(), "and no UPDATE");
        assertEquals(0, r.updated() + r.created() + r.conflict(), "no forward rewrite: " + r);
        TableResult again = pass("products");
        assertEquals(0, again.updated() + again.created() + again.conflict(), "nothing bounced on the next run");
        assertEquals(before + 500, inserts());
        for (Document d : coll("products").find(Filters.and(Filters.gte("_id", 1000), Filters.lt("_id", 1500)))) {
            int i = d.getInteger("_id") - 1000;
            settled(d, "products");
            assertEquals(i, ((Number) row("SELECT stock FROM products WHERE id = " + (1000 + i))[0]).intValue());
            assertEquals(new BigDecimal(i + ".50"), row("SELECT price FROM products WHERE id = " + (1000 + i))[0]);
        }
    }

    @Test
    void stopBetweenMysqlCommitAndSettlingInsertsNothingTwice() throws Exception {
        pass("products");
        Document created = product(20, "shelf", "30.00").append("stock", 4);
        coll("products").insertOne(created);
        pass("products");
        long before = inserts();
        // A pass killed after its MySQL commit but before settling the document leaves exactly this: the row in
        // MySQL, the document as the application created it (no _sync), and the reverse position before it.
        coll("products").replaceOne(Filters.eq("_id", 20), created);
        long conflicts = coll("_sync_conflicts").countDocuments();
        TableResult r = pass("products");
        assertEquals(1, latest("products").inserted(ReverseOutcome.UNCHANGED), latest("products").toString());
        assertEquals(before, inserts(), "not inserted twice");
        assertEquals(conflicts, coll("_sync_conflicts").countDocuments(), "its own insert is no conflict");
        assertEquals(0, r.updated() + r.created() + r.conflict(), "settled: the forward pass has nothing to do");
        settled(coll("products").find(Filters.eq("_id", 20)).first(), "products");
    }

    @Test
    void aKeyThatExistsInMysqlIsAConflictTheNewerSideWins() throws Exception {
        pass("products");
        long before = inserts();
        long updatesBefore = updates();
        // 30: the document first, then a row with the same key inserted in MySQL (newer): the row wins.
        coll("products").insertOne(product(30, "from mongo", "1.00").append("stock", 1));
        WallClock.awaitNextMillisecond(); // the row below is the newer side
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (30, 'from mysql', 2.00, 2)");
        // 31: the row first, then the document (newer): the document is written over the row.
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) VALUES (31, 'from mysql', 2.00, 2)");
        WallClock.awaitNextMillisecond(); // the document below is the newer side
        coll("products").insertOne(product(31, "from mongo", "1.00").append("stock", 1));
        pass("products");
        ReverseResult r = latest("products");
        assertEquals(1, r.inserted(ReverseOutcome.CONFLICT_KEPT), r.toString());
        assertEquals(1, r.inserted(ReverseOutcome.CONFLICT_WRITTEN), r.toString());
        assertEquals(before + 2, inserts(), "only the test's own two INSERTs");
        assertEquals(updatesBefore + 1, updates(), "the document won 31 by one UPDATE");
        assertEquals("from mysql", row("SELECT name FROM products WHERE id = 30")[0]);
        assertEquals("from mysql", coll("products").find(Filters.eq("_id", 30)).first().getString("title"));
        assertEquals("from mongo", row("SELECT name FROM products WHERE id = 31")[0]);
        assertEquals(1, scalar("SELECT stock FROM products WHERE id = 31"));
        settled(coll("products").find(Filters.eq("_id", 30)).first(), "products");
        settled(coll("products").find(Filters.eq("_id", 31)).first(), "products");
        Document c30 = coll("_sync_conflicts").find(Filters.eq("doc_id", 30)).first();
        Document c31 = coll("_sync_conflicts").find(Filters.eq("doc_id", 31)).first();
        assertEquals("source", c30.get("winner"));
        assertEquals("from mongo", c30.get("target_document", Document.class).get("title"));
        assertEquals("from mysql", c30.get("source_document", Document.class).get("title"));
        assertEquals("target", c31.get("winner"));
        assertEquals("from mysql", c31.get("source_document", Document.class).get("title"));
        TableResult again = pass("products");
        assertEquals(0, again.updated() + again.created() + again.conflict(), "stable: " + again);
        assertEquals(1, coll("_sync_conflicts").countDocuments(Filters.eq("doc_id", 31)), "recorded once");
    }
}
