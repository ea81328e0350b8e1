package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.LastResult;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Rows whose change column holds the zero date {@code 0000-00-00 00:00:00}, which sorts before every cursor, are
 * read by the extra scan of every pass: by creation time when the table has a created column (and re-read whole
 * when that is a zero date too), else re-read whole; written with the zero date as null, and counted.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_zero_date"),
    @ResourceArg(name = "schema", value = "/db/zero_date.sql"),
    @ResourceArg(name = "tables", value = "posts,links"),
    @ResourceArg(name = "sync.batch-size", value = "2"),
    @ResourceArg(name = "sync.reconcile-every-runs", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ZeroDateChangeColumnIT extends EngineFixture {

    static final String DB = "mms_zero_date";
    static final String ZERO = "'0000-00-00 00:00:00'";

    @Inject
    SyncController controller;

    @Test
    void rowsInsertedWithAZeroDateChangeColumnAfterTheLoadArriveOnTheNextPassAndAreCounted() throws Exception {
        zeroDates("INSERT INTO posts (id, title, updated_at) VALUES (1, 'first', NOW()), (2, 'second', " + ZERO + ")",
                "INSERT INTO links (id, url, updated_at) VALUES (1, 'https://a.example', NOW()),"
                        + " (2, 'https://b.example', " + ZERO + "), (3, 'https://c.example', NULL)");
        String load = trigger();
        assertEquals(2, result(load, "posts").getInt("created"));
        assertEquals(3, result(load, "links").getInt("created"));

        // After the load: three posts with the zero date (one also created at the zero date), one dated normally;
        // a link with the zero date and one with NULL.
        zeroDates("INSERT INTO posts (id, title, updated_at) VALUES (3, 'third', " + ZERO + "), (4, 'fourth', " + ZERO
                        + "), (5, 'fifth', NOW())",
                "INSERT INTO posts (id, title, created_at, updated_at) VALUES (6, 'sixth', " + ZERO + ", " + ZERO + ")",
                "INSERT INTO links (id, url, updated_at) VALUES (4, 'https://d.example', " + ZERO + "),"
                        + " (5, 'https://e.example', NULL)");
        String next = trigger();
        LastResult posts = result(next, "posts");
        assertEquals("incremental", posts.getString("mode"));
        assertEquals(4, posts.getInt("created"), "posts 3, 4, 6 (zero date) and 5");
        assertEquals(0, posts.getInt("updated"));
        assertEquals(2, result(next, "links").getInt("created"), "links 4 (zero date) and 5 (NULL)");

        assertEquals(6, coll("posts").countDocuments());
        assertEquals(5, coll("links").countDocuments());
        for (int id : List.of(3, 4, 6)) {
            Document post = coll("posts").find(new Document("_id", id)).first();
            assertNotNull(post, "post " + id);
            assertTrue(post.containsKey("updated_at") && post.get("updated_at") == null,
                    "a zero date is written as null (docs/TYPES.md): " + post.toJson());
        }
        Document third = coll("posts").find(new Document("_id", 3)).first();
        assertEquals("third", third.getString("title"));
        assertTrue(third.get("created_at") instanceof Date, third.toJson());
        assertEquals(third.getLong("created_at_micros"), third.get("_sync", Document.class).getLong("version"),
                "the version of a row without a change time is its creation time");
        assertNull(coll("posts").find(new Document("_id", 6)).first().get("created_at"));
        Document link = coll("links").find(new Document("_id", 4)).first();
        assertEquals("https://d.example", link.getString("url"));
        assertTrue(link.containsKey("updated_at") && link.get("updated_at") == null, link.toJson());

        // Found again by every pass, but unchanged rows are not written or counted again.
        String again = trigger();
        assertEquals(0, result(again, "posts").getInt("created") + result(again, "posts").getInt("updated"));
        assertEquals(0, result(again, "links").getInt("created") + result(again, "links").getInt("updated"));
        zeroDates("UPDATE posts SET title = 'sixth, edited' WHERE id = 6");
        String edited = trigger();
        assertEquals(1, result(edited, "posts").getInt("updated"), "a zero-date row is re-read on every pass");
        assertEquals("sixth, edited", coll("posts").find(new Document("_id", 6)).first().getString("title"));
    }

    /** Runs {@code statements} in one session whose sql_mode allows zero dates (MySQL 8's default does not). */
    private static void zeroDates(String... statements) throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The last result of {@code table}, asserted to be of run {@code runId} and successful. */
    private static LastResult result(String runId, String table) {
        LastResult r = LastResult.of(table);
        assertEquals(runId, r.getString("run_id"), table);
        assertEquals("success", r.getString("status"), table);
        return r;
    }

    /** POSTs /sync/trigger and waits for the run to finish; returns its id. */
    private String trigger() {
        String runId = given().contentType(ContentType.JSON).body("{}").post("/sync/trigger").then().statusCode(202)
                .extract().path("run_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> controller.activeRun() == null && runId.equals(
                given().get("/sync/status").then().extract().jsonPath().getString("tables.links.last_result.run_id")));
        return runId;
    }
}
