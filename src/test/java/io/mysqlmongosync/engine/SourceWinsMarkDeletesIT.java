package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.model.Updates;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The alternative policies: source always wins (conflict still recorded); soft deletes keep a _deleted marker. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_sourcewins"),
    @ResourceArg(name = "schema", value = "/db/deletes.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.conflict-policy", value = "source-wins"),
    @ResourceArg(name = "sync.soft-delete-mode", value = "mark"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class SourceWinsMarkDeletesIT extends EngineFixture {

    static final String DB = "mms_sourcewins";

    @Test
    void sourceWinsOverwritesTheEditAndRecordsTheConflict() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'lamp', 5.00), (2, 'desk', 50.00)");
        pass("products");
        TestDatabase.exec(DB, "UPDATE products SET price = 6.00 WHERE id = 1");
        WallClock.awaitNextMillisecond(); // the edit below is the newer side
        coll("products").updateOne(new Document("_id", 1), Updates.combine(Updates.set("name", "edited"),
                Updates.set("updated_at", new Date())));
        TableResult r = pass("products");
        assertEquals(1, r.conflict());
        assertEquals("lamp", coll("products").find(new Document("_id", 1)).first().get("name"));
        Document conflict = coll("_sync_conflicts").find().first();
        assertEquals("source", conflict.get("winner"));
        assertEquals("edited", conflict.get("target_document", Document.class).get("name"));
        assertEquals(1, conflict.get("doc_id"));
    }

    @Test
    void softDeletedRowKeepsItsDocumentWithAMarker() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (10, 'chair', 20.00)");
        pass("products");
        TestDatabase.exec(DB, "UPDATE products SET deleted_at = NOW(6) WHERE id = 10");
        pass("products");
        Document d = coll("products").find(new Document("_id", 10)).first();
        assertEquals(Boolean.TRUE, d.get("_deleted"));
        assertEquals("chair", d.get("name"));
    }
}
