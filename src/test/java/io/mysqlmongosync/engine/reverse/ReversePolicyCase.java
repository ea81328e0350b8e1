package io.mysqlmongosync.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SourceQuery;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Date;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * The same row edited on both sides between two runs, the MySQL change the newer one, under a fixed conflict
 * policy (set by each subclass): the policy decides who wins, the conflict is recorded with both sides, and the
 * loser's value is gone on both sides (nothing half-applied); a field changed on one side only is kept. The same for
 * a document created in MongoDB whose key a row inserted in MySQL has taken meanwhile.
 */
abstract class ReversePolicyCase extends EngineFixture {

    @Inject
    ReversePass reverse;

    /** The MySQL database of the subclass. */
    abstract String db();

    /** Whether the MongoDB edit wins over a newer MySQL change. */
    abstract boolean documentWins();

    long scalar(String sql) throws Exception {
        return SourceQuery.scalar(db(), sql);
    }

    @Test
    void bothSidesEditedThePolicyDecidesAndTheConflictIsRecorded() throws Exception {
        TestDatabase.exec(db(), "INSERT INTO products (id, name, price, stock) VALUES (1, 'lamp', 5.00, 1)");
        pass("products");
        coll("products").updateOne(Filters.eq("_id", 1), Updates.combine(Updates.set("stock", 10),
                Updates.set("updated_at", new Date())));
        WallClock.awaitNextMillisecond(); // the MySQL change below is the newer side
        TestDatabase.exec(db(), "UPDATE products SET stock = 20 WHERE id = 1");
        long writes = scalar("SELECT n FROM write_count");
        pass("products");
        ReverseResult r = reverse.latest().get("products");
        int expected = documentWins() ? 10 : 20;
        assertEquals(1, r.count(documentWins() ? ReverseOutcome.CONFLICT_WRITTEN : ReverseOutcome.CONFLICT_KEPT),
                r.toString());
        assertEquals(expected, scalar("SELECT stock FROM products WHERE id = 1"));
        assertEquals(expected, coll("products").find(Filters.eq("_id", 1)).first().getInteger("stock"));
        assertEquals(writes + (documentWins() ? 1 : 0), scalar("SELECT n FROM write_count"));
        Document c = coll("_sync_conflicts").find(Filters.eq("doc_id", 1)).first();
        assertEquals(documentWins() ? "target" : "source", c.get("winner"));
        assertEquals(10, c.get("target_document", Document.class).get("stock"));
        assertEquals(20, c.get("source_document", Document.class).get("stock"));
        pass("products");
        assertEquals(expected, scalar("SELECT stock FROM products WHERE id = 1"), "stable on the next run");
        assertEquals(1, coll("_sync_conflicts").countDocuments(Filters.eq("doc_id", 1)), "recorded once");
    }

    @Test
    void aNewDocumentWhoseKeyExistsInMysqlThePolicyDecidesAndTheConflictIsRecorded() throws Exception {
        pass("products");
        // A row not copied yet, then (newer) a document created in MongoDB with the same key.
        TestDatabase.exec(db(), "INSERT INTO products (id, name, price, stock) VALUES (50, 'from mysql', 2.00, 20)");
        WallClock.awaitNextMillisecond(); // the document below is the newer side
        coll("products").insertOne(new Document("_id", 50).append("name", "from mongo")
                .append("price", new Decimal128(new BigDecimal("1.00"))).append("stock", 10)
                .append("updated_at", new Date()));
        long writes = scalar("SELECT n FROM write_count");
        pass("products");
        ReverseResult r = reverse.latest().get("products");
        int expected = documentWins() ? 10 : 20;
        assertEquals(1, r.inserted(documentWins() ? ReverseOutcome.CONFLICT_WRITTEN : ReverseOutcome.CONFLICT_KEPT),
                r.toString());
        assertEquals(expected, scalar("SELECT stock FROM products WHERE id = 50"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM products WHERE id = 50"));
        Document d = coll("products").find(Filters.eq("_id", 50)).first();
        assertEquals(expected, d.getInteger("stock"));
        assertEquals(documentWins() ? "from mongo" : "from mysql", d.getString("name"));
        assertEquals(scalar("SELECT CAST(UNIX_TIMESTAMP(updated_at) * 1000000 AS SIGNED) FROM products WHERE id = 50"),
                d.get("_sync", Document.class).getLong("version"), "settled at the row's version");
        assertEquals(writes + (documentWins() ? 1 : 0), scalar("SELECT n FROM write_count"));
        Document c = coll("_sync_conflicts").find(Filters.eq("doc_id", 50)).first();
        assertEquals(documentWins() ? "target" : "source", c.get("winner"));
        assertEquals(10, c.get("target_document", Document.class).get("stock"));
        assertEquals(20, c.get("source_document", Document.class).get("stock"));
        pass("products");
        assertEquals(expected, scalar("SELECT stock FROM products WHERE id = 50"), "stable on the next run");
        assertEquals(1, coll("_sync_conflicts").countDocuments(Filters.eq("doc_id", 50)), "recorded once");
    }
}
