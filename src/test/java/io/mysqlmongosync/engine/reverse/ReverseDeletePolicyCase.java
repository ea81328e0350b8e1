package io.mysqlmongosync.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A document deleted in MongoDB while its row changed in MySQL, once with the MySQL change first and once with the
 * delete first, written back by the change stream under a fixed conflict policy (set by each subclass): the policy
 * decides whether the row is deleted or kept (its document put back), and each conflict is recorded once with the
 * winner.
 */
abstract class ReverseDeletePolicyCase {

    @Inject
    SyncEngine engine;

    @Inject
    MongoClient mongo;

    abstract String db();

    /** Whether the MongoDB delete wins over a MySQL change made since the last sync. */
    abstract boolean deleteWins();

    MongoCollection<Document> coll(String name) {
        return mongo.getDatabase("t_" + db()).getCollection(name);
    }

    long scalar(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(db()); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String streamState() {
        return RestAssured.given().get("/sync/status").jsonPath().getString("tables.products.reverse.stream_state");
    }

    void await(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void deletedInMongoDbAndChangedInMysqlThePolicyDecides() throws Exception {
        TestDatabase.exec(db(), "INSERT INTO products (id, name, price, stock) VALUES (1, 'lamp', 5.00, 1),"
                + " (2, 'desk', 50.00, 1)");
        engine.run("manual", List.of("products"), false);
        BinlogSyncResource.resumeWithoutScheduledRuns();
        await(() -> "streaming".equals(streamState()), "the change stream to run");
        RestAssured.given().post("/sync/pause").then().statusCode(200);
        await(() -> "paused".equals(streamState()), "the change stream to stop");
        TestDatabase.exec(db(), "UPDATE products SET stock = 10 WHERE id = 1");
        coll("products").deleteOne(Filters.eq("_id", 2));
        Thread.sleep(1_100); // the in-process server stamps changes to the second
        coll("products").deleteOne(Filters.eq("_id", 1));
        TestDatabase.exec(db(), "UPDATE products SET stock = 20 WHERE id = 2");
        long deletes = scalar("SELECT deletes FROM write_count");
        RestAssured.given().post("/sync/resume").then().statusCode(200);
        await(() -> coll("_sync_conflicts").countDocuments() == 2, "both conflicts recorded");
        long rows = deleteWins() ? 0 : 2;
        await(() -> scalar("SELECT COUNT(*) FROM products") == rows
                && coll("products").countDocuments() == rows, "the winner on both sides");
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
        engine.run("manual", List.of("products"), false);
        assertEquals(rows, scalar("SELECT COUNT(*) FROM products"), "stable on the next run");
        assertEquals(rows, coll("products").countDocuments());
        assertEquals(2, coll("_sync_conflicts").countDocuments(), "recorded once");
    }
}
