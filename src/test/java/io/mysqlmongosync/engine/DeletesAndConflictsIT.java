package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Default policies: soft-deleted rows remove their document, reconciliation removes hard-deleted ones, newer wins. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_deletes"),
    @ResourceArg(name = "schema", value = "/db/deletes.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.batch-size", value = "2"),
    @ResourceArg(name = "sync.reconcile-every-runs", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class DeletesAndConflictsIT extends EngineFixture {

    static final String DB = "mms_deletes";

    MongoCollection<Document> products() {
        return coll("products");
    }

    @Test
    void softAndHardDeletedRowsDisappearOthersAreUntouched() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.00 FROM seq_1_to_7");
        engine.run("manual", List.of("products"), false);
        Document untouched = products().find(new Document("_id", 1)).first();

        TestDatabase.exec(DB, "UPDATE products SET deleted_at = NOW(6) WHERE id = 2");
        TestDatabase.exec(DB, "DELETE FROM products WHERE id IN (3, 6)");
        TableResult plain = pass("products");
        assertEquals(1, plain.deleted(), "the soft delete is seen by the incremental pass");
        assertNull(products().find(new Document("_id", 2)).first());
        assertNotNull(products().find(new Document("_id", 3)).first(), "a hard delete needs reconciliation");

        TableResult reconciled = engine.run("x", "manual", List.of("products"), false, true, engine.owner()).tables().get(0);
        assertEquals(0, reconciled.deleted(), "no soft-deleted row was read");
        assertEquals(2, reconciled.hardDeleted(), "the reconciliation removed the two hard-deleted rows");
        assertEquals(List.of(1, 4, 5, 7), products().distinct("_id", Integer.class).into(new java.util.ArrayList<>())
                .stream().filter(id -> id < 100).sorted().toList());
        assertEquals(untouched, products().find(new Document("_id", 1)).first(), "rows not deleted are untouched");
    }

    @Test
    void documentEditedInMongoAfterTheSourceRowKeepsItsEditUnderNewerWins() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (100, 'lamp', 5.00)");
        engine.run("manual", List.of("products"), false);
        TestDatabase.exec(DB, "UPDATE products SET price = 6.00 WHERE id = 100");
        WallClock.awaitNextMillisecond(); // the edit below is the newer side
        products().updateOne(new Document("_id", 100), Updates.combine(Updates.set("name", "lamp (edited in MongoDB)"),
                Updates.set("updated_at", new Date())));

        TableResult r = pass("products");
        assertEquals(1, r.conflict());
        assertEquals("lamp (edited in MongoDB)", products().find(new Document("_id", 100)).first().get("name"));

        Map<String, Object> page = given().get("/sync/conflicts?table=products").then().statusCode(200).extract()
                .jsonPath().getMap("$");
        assertEquals(1, page.get("total"));
        Map<?, ?> conflict = ((List<Map<?, ?>>) page.get("conflicts")).get(0);
        assertEquals(100, conflict.get("doc_id"));
        assertEquals("target", conflict.get("winner"));
        assertEquals("newer-wins", conflict.get("policy"));
        assertEquals("lamp", ((Map<?, ?>) conflict.get("source_document")).get("name"));
        assertEquals("lamp (edited in MongoDB)", ((Map<?, ?>) conflict.get("target_document")).get("name"));
        given().get("/sync/conflicts?limit=0").then().statusCode(400);
        given().get("/sync/conflicts?table=nope").then().statusCode(404);

        // A later source change is newer than the MongoDB edit: the source wins again.
        WallClock.awaitNextMillisecond();
        TestDatabase.exec(DB, "UPDATE products SET price = 7.00 WHERE id = 100");
        engine.run("manual", List.of("products"), false);
        assertEquals("lamp", products().find(new Document("_id", 100)).first().get("name"));
    }

    /**
     * A forced full sync (and so the reload a lost binlog position asks for) reloads every row there is and also
     * removes the documents of rows deleted since, without being asked to reconcile and with the periodic
     * reconciliation off: the target ends equal to the source.
     */
    @Test
    void aForcedReloadRemovesTheDocumentsOfRowsThatAreGone() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('r', seq), 2.00"
                + " FROM seq_200_to_209");
        engine.run("manual", List.of("products"), false);
        assertNotNull(products().find(new Document("_id", 203)).first());
        TestDatabase.exec(DB, "DELETE FROM products WHERE id IN (203, 207)");

        String runId = given().contentType("application/json")
                .body("{\"tables\": [\"products\"], \"force_full_sync\": true}").post("/sync/trigger")
                .then().statusCode(202).extract().path("run_id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> given()
                .get("/sync/history").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$")
                .stream().anyMatch(r -> runId.equals(r.get("id")) && !"running".equals(r.get("status"))));
        assertNull(products().find(new Document("_id", 203)).first(), "the document of a deleted row stayed");
        assertNull(products().find(new Document("_id", 207)).first(), "the document of a deleted row stayed");
        java.util.Set<Integer> source = new java.util.TreeSet<>();
        try (java.sql.Connection c = TestDatabase.connect(DB); java.sql.ResultSet rs = c.createStatement()
                .executeQuery("SELECT id FROM products WHERE deleted_at IS NULL")) {
            while (rs.next()) {
                source.add(rs.getInt(1));
            }
        }
        assertEquals(source, new java.util.TreeSet<>(products().distinct("_id", Integer.class)
                .into(new java.util.ArrayList<>())), "the target equals the source after the reload");
    }
}
