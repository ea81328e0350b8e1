package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.ScriptedUpserter;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /sync/resnapshot/{table}} against MariaDB and the Mongo wire server: 202 and the table reloaded (a
 * changed row rewritten, an added row loaded, a deleted row's document removed); 404 JSON naming an unknown table;
 * 409 while the re-snapshot runs, which is held in its first write to the collection so the test can act while it
 * is in progress: meanwhile another table keeps syncing and a run of every table skips the one being reloaded.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ResnapshotIT.DB),
    @ResourceArg(name = "schema", value = "/db/repair.sql"),
    @ResourceArg(name = "tables", value = "ledger,notes"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0")})
class ResnapshotIT extends EngineFixture {

    static final String DB = "rp_resnapshot";

    @Inject
    BulkUpserter writer;

    @AfterEach
    void restoreWriter() {
        QuarkusMock.installMockForType(ClientProxy.unwrap(writer), BulkUpserter.class);
    }

    @Test
    void reloadsOneTableWhileAnotherKeepsSyncing() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 25; id++) {
            rows.append(id == 1 ? "" : ", ").append("(").append(id).append(", ").append(id * 10).append(")");
        }
        TestDatabase.exec(DB, "INSERT INTO ledger (id, amount) VALUES " + rows);
        TestDatabase.exec(DB, "INSERT INTO notes (id, body) VALUES (1, 'first'), (2, 'second')");
        trigger("{}");
        await().atMost(Duration.ofSeconds(60)).until(() -> collection("ledger").countDocuments() == 25
                && collection("notes").countDocuments() == 2 && idle());

        // A hard delete (no pass of the table reconciles it yet), a change, an insert.
        TestDatabase.exec(DB, "DELETE FROM ledger WHERE id = 7");
        TestDatabase.exec(DB, "UPDATE ledger SET amount = 333 WHERE id = 3");
        TestDatabase.exec(DB, "INSERT INTO ledger (id, amount) VALUES (26, 260)");

        // The re-snapshot's first write to ledger waits until the test lets it go.
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        QuarkusMock.installMockForType(new ScriptedUpserter(ClientProxy.unwrap(writer),
                (collection, page, deletes, policy, fence, real) -> {
                    if (collection.equals("ledger") && held.compareAndSet(false, true)) {
                        entered.countDown();
                        try {
                            if (!release.await(60, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the test never released the re-snapshot");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    }
                    return real.write(collection, page, deletes, policy, fence);
                }), BulkUpserter.class);

        String id = given().post("/sync/resnapshot/ledger").then().statusCode(202).contentType(ContentType.JSON)
                .body("table", equalTo("ledger")).body("status", equalTo("accepted")).extract().path("resnapshot_id");
        assertTrue(entered.await(60, TimeUnit.SECONDS), "the re-snapshot reached its first write");

        // While it runs: 409 for the same table, 404 for an unknown one; neither changes anything.
        given().post("/sync/resnapshot/ledger").then().statusCode(409).contentType(ContentType.JSON)
                .body("error", equalTo("conflict")).body("message", containsString("'ledger'"));
        given().post("/sync/resnapshot/no_such_table").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found")).body("message", containsString("'no_such_table'"));
        assertEquals(1, collection("ledger").countDocuments(new Document("_id", 7)), "nothing written yet");

        // Another table keeps syncing meanwhile; a run of every table skips the one being reloaded.
        TestDatabase.exec(DB, "INSERT INTO notes (id, body) VALUES (3, 'third')");
        TestDatabase.exec(DB, "UPDATE notes SET body = 'first, edited' WHERE id = 1");
        trigger("{}");
        await().atMost(Duration.ofSeconds(60)).until(ResnapshotIT::idle);
        assertEquals("third", collection("notes").find(new Document("_id", 3)).first().getString("body"));
        assertEquals("first, edited", collection("notes").find(new Document("_id", 1)).first().getString("body"));
        Map<String, Object> run = given().get("/sync/history?limit=1").then().statusCode(200).extract().jsonPath()
                .getMap("[0]");
        assertEquals(Map.of("ledger", "skipped", "notes", "success"), statuses(run), run.toString());
        assertEquals(1, collection("ledger").countDocuments(new Document("_id", 7)), "still held: nothing written");

        // Let it go: the table is reloaded and the deleted row's document is gone.
        release.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> id.equals(given().get("/sync/status").then()
                .extract().jsonPath().getString("tables.ledger.last_result.run_id")));
        assertEquals("success", given().get("/sync/status").then().extract().jsonPath()
                .getString("tables.ledger.last_result.status"));
        assertNull(collection("ledger").find(new Document("_id", 7)).first(), "the deleted row's document is removed");
        assertEquals(333, amount(3));
        assertEquals(260, amount(26));
        assertEquals(25, collection("ledger").countDocuments());
        for (int row = 1; row <= 26; row++) {
            if (row != 7) {
                assertEquals(row == 3 ? 333 : row * 10, amount(row), "row " + row);
            }
        }

        // Over: the table can be re-snapshotted again.
        String again = given().post("/sync/resnapshot/ledger").then().statusCode(202).extract().path("resnapshot_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> again.equals(given().get("/sync/status").then()
                .extract().jsonPath().getString("tables.ledger.last_result.run_id")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> statuses(Map<String, Object> run) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) run.get("results")) {
            out.put((String) r.get("table"), (String) r.get("status"));
        }
        return out;
    }

    private static void trigger(String body) {
        given().contentType(ContentType.JSON).body(body).post("/sync/trigger").then().statusCode(202);
    }

    private static boolean idle() {
        return !given().get("/sync/status").then().extract().jsonPath().getBoolean("running");
    }

    private MongoCollection<Document> collection(String name) {
        return coll(name);
    }

    private int amount(int id) {
        return collection("ledger").find(new Document("_id", id)).first().getInteger("amount");
    }
}
