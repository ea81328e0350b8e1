package io.mysqlmongosync.engine.reverse;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.model.Filters;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SourceQuery;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A document deleted in MongoDB while its row changed in MySQL, once with the MySQL change first and once with the
 * delete first, written back by the change stream under a fixed conflict policy (set by each subclass): the policy
 * decides whether the row is deleted or kept (its document put back), and each conflict is recorded once with the
 * winner.
 */
abstract class ReverseDeletePolicyCase extends EngineFixture {

    /** The MySQL database of the subclass. */
    abstract String db();

    /** Whether the MongoDB delete wins over a MySQL change made since the last sync. */
    abstract boolean deleteWins();

    long scalar(String sql) throws Exception {
        return SourceQuery.scalar(db(), sql);
    }

    @Test
    void deletedInMongoDbAndChangedInMysqlThePolicyDecides() throws Exception {
        TestDatabase.exec(db(), "INSERT INTO products (id, name, price, stock) VALUES (1, 'lamp', 5.00, 1),"
                + " (2, 'desk', 50.00, 1)");
        pass("products");
        BinlogSyncResource.resumeWithoutScheduledRuns();
        ProductsStream.awaitStreaming();
        ProductsStream.pause();
        TestDatabase.exec(db(), "UPDATE products SET stock = 10 WHERE id = 1");
        coll("products").deleteOne(Filters.eq("_id", 2));
        WallClock.awaitNextSecond(); // the in-process server stamps changes to the second
        coll("products").deleteOne(Filters.eq("_id", 1));
        TestDatabase.exec(db(), "UPDATE products SET stock = 20 WHERE id = 2");
        long deletes = scalar("SELECT deletes FROM write_count");
        ProductsStream.resume();
        await("both conflicts recorded").atMost(ProductsStream.BOUND)
                .until(() -> coll("_sync_conflicts").countDocuments() == 2);
        long rows = deleteWins() ? 0 : 2;
        await("the winner on both sides").atMost(ProductsStream.BOUND)
                .until(() -> scalar("SELECT COUNT(*) FROM products") == rows && coll("products").countDocuments() == rows);
        assertEquals(deletes + 2 - rows, scalar("SELECT deletes FROM write_count"));
        for (int id = 1; id <= 2; id++) {
            Document c = coll("_sync_conflicts").find(Filters.eq("doc_id", id)).first();
            assertEquals(deleteWins() ? "target" : "source", c.getString("winner"), c.toJson());
            assertEquals(id * 10, c.get("source_document", Document.class).getInteger("stock"));
            if (!deleteWins()) {
                assertEquals(id * 10, coll("products").find(Filters.eq("_id", id)).first().getInteger("stock"),
                        "the document put back with the row's values");
            }
        }
        pass("products");
        assertEquals(rows, scalar("SELECT COUNT(*) FROM products"), "stable on the next run");
        assertEquals(rows, coll("products").countDocuments());
        assertEquals(2, coll("_sync_conflicts").countDocuments(), "recorded once");
    }
}
