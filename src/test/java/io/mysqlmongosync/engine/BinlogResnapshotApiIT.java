package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.EngineFixture;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /sync/resnapshot/{table}} in binlog mode, against a private MariaDB with the binlog on: the table is
 * reloaded (a document lost in MongoDB comes back, a document of a row that does not exist goes), changes committed
 * while it reloads are not lost (the position recorded before the load is where its stream restarts), the table
 * streams again afterwards, and the other table's stream keeps applying changes meanwhile.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/rp-binlog-resnapshot"),
    @ResourceArg(name = "mode", value = "binlog"),
    @ResourceArg(name = "setup", value = "/db/rp_binlog_notes.sql"),
    @ResourceArg(name = "tables", value = "notes")})
class BinlogResnapshotApiIT extends EngineFixture {

    static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    BinlogStreams streams;

    @Inject
    Resnapshots resnapshots;

    @Test
    void aStreamedTableIsReloadedAndStreamsAgainWhileTheOtherKeepsStreaming() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("items", "notes"), false);
        assertEquals("success", run.status(), run.toString());
        for (String table : List.of("items", "notes")) {
            BinlogStreamStates.awaitState(streams, table, "streaming");
        }
        // What the stream cannot see: a document deleted in MongoDB, and one whose row never existed.
        items().deleteOne(new Document("_id", 3));
        items().insertOne(new Document("_id", 99).append("name", "ghost")
                .append("_sync", new Document("table", "items")));

        String id = given().post("/sync/resnapshot/items").then().statusCode(202).body("table", equalTo("items"))
                .extract().path("resnapshot_id");
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (60, 'during', 1, 1.00)",
                "INSERT INTO notes (id, body) VALUES (2, 'during')");
        BinlogStreamStates.awaiting("the other table keeps streaming").until(() -> note(2) != null);
        BinlogStreamStates.awaiting("the re-snapshot ends").until(() -> resnapshots.latest("items").result() != null);
        Resnapshots.Resnapshot done = resnapshots.latest("items");
        assertEquals(id, done.id());
        assertEquals("success", done.result().status(), done.toString());

        BinlogStreamStates.awaiting("the lost document is back").until(() -> item(3) != null);
        assertNull(item(99), "the document without a row is gone");
        BinlogStreamStates.awaiting("a change committed during the reload arrived").until(() -> item(60) != null);
        BinlogStreamStates.awaitState(streams, "items", "streaming");
        BinlogSyncResource.server.exec(DB, "UPDATE items SET qty = 42 WHERE id = 1",
                "INSERT INTO notes (id, body) VALUES (3, 'after')");
        BinlogStreamStates.awaiting("items' stream applies changes again")
                .until(() -> item(1).getInteger("qty") == 42);
        BinlogStreamStates.awaiting("notes still streams").until(() -> note(3) != null);
    }

    private MongoCollection<Document> items() {
        return coll("items");
    }

    private Document item(int id) {
        return items().find(new Document("_id", id)).first();
    }

    private Document note(int id) {
        return coll("notes").find(new Document("_id", id)).first();
    }
}
