package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /sync/resnapshot/ledger} (polling) while {@code notes} takes about 200 changes per second for 10 s
 * from a writer on a fixed schedule (inserts and updates, one autocommit statement every 5 ms) and runs of
 * {@code notes} are triggered about every second: the re-snapshot answers 202, and at the end both collections equal
 * their tables, every row and every written field.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ResnapshotUnderLoadIT.DB),
    @ResourceArg(name = "schema", value = "/db/repair.sql"),
    @ResourceArg(name = "tables", value = "ledger,notes"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "1"),
    @ResourceArg(name = "sync.lookback-seconds", value = "5")})
class ResnapshotUnderLoadIT extends EngineFixture {

    static final String DB = "ev2_resnapshot_load";
    private static final int LEDGER_ROWS = 3000;
    private static final int FIRST_NOTES = 200;
    private static final long PERIOD_MICROS = 5_000; // 200 changes per second
    private static final Duration WRITING = Duration.ofSeconds(10);

    @Test
    void reloadsOneTableWhileAnotherTakes200ChangesPerSecond() throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement st = c.createStatement()) {
            StringBuilder ledger = new StringBuilder("INSERT INTO ledger (id, amount) VALUES ");
            for (int id = 1; id <= LEDGER_ROWS; id++) {
                ledger.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id * 10).append(')');
            }
            st.executeUpdate(ledger.toString());
            StringBuilder notes = new StringBuilder("INSERT INTO notes (id, body) VALUES ");
            for (int id = 1; id <= FIRST_NOTES; id++) {
                notes.append(id == 1 ? "" : ", ").append('(').append(id).append(", 'note ").append(id).append("')");
            }
            st.executeUpdate(notes.toString());
        }
        trigger();
        await().atMost(Duration.ofSeconds(120)).until(() -> collection("ledger").countDocuments() == LEDGER_ROWS
                && collection("notes").countDocuments() == FIRST_NOTES && idle());
        // Changes of ledger the re-snapshot has to bring in: a change, an insert, a hard delete (no pass sees it).
        TestDatabase.exec(DB, "UPDATE ledger SET amount = 333 WHERE id = 3");
        TestDatabase.exec(DB, "INSERT INTO ledger (id, amount) VALUES (" + (LEDGER_ROWS + 1) + ", 1)");
        TestDatabase.exec(DB, "DELETE FROM ledger WHERE id = 7");

        String reloaded;
        AtomicInteger changes = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (Connection c = TestDatabase.connect(DB);
                PreparedStatement insert = c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)");
                PreparedStatement update = c.prepareStatement("UPDATE notes SET body = ? WHERE id = ?")) {
            AtomicInteger nextId = new AtomicInteger(FIRST_NOTES + 1);
            ScheduledFuture<?> writes = writer.scheduleAtFixedRate(() -> {
                int n = changes.incrementAndGet();
                try {
                    if (n % 3 == 0) {
                        int id = nextId.getAndIncrement();
                        insert.setInt(1, id);
                        insert.setString(2, "inserted " + n);
                        insert.executeUpdate();
                    } else {
                        update.setString(1, "change " + n);
                        update.setInt(2, 1 + (n * 37) % (nextId.get() - 1));
                        update.executeUpdate();
                    }
                } catch (SQLException | RuntimeException e) {
                    writerFailure.compareAndSet(null, e);
                    throw new IllegalStateException(e); // stops the schedule
                }
            }, 0, PERIOD_MICROS, TimeUnit.MICROSECONDS);

            long end = System.nanoTime() + WRITING.toNanos();
            boolean resnapshotAsked = false;
            int resnapshotStatus = 0;
            String resnapshotId = null;
            while (System.nanoTime() < end && !writes.isDone()) {
                if (!resnapshotAsked && System.nanoTime() > end - WRITING.toNanos() / 2) {
                    io.restassured.response.Response r = given().post("/sync/resnapshot/ledger");
                    resnapshotStatus = r.statusCode();
                    resnapshotId = r.path("resnapshot_id");
                    resnapshotAsked = true;
                }
                // Passes of notes while it changes; 409 while the previous run still goes on.
                int status = given().contentType(ContentType.JSON).body("{\"tables\":[\"notes\"]}")
                        .post("/sync/trigger").then().extract().statusCode();
                assertTrue(status == 202 || status == 409, "trigger answered " + status);
                // why: one run of notes about every second during the writes, a pace, not a wait for a state.
                Thread.sleep(Math.max(0, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            }
            writes.cancel(false);
            writer.shutdown();
            assertTrue(writer.awaitTermination(10, TimeUnit.SECONDS));
            assertNull(writerFailure.get(), () -> "the writer failed: " + writerFailure.get());
            assertEquals(202, resnapshotStatus, "POST /sync/resnapshot/ledger");
            reloaded = resnapshotId;
        } finally {
            writer.shutdownNow();
        }
        int written = changes.get();
        assertTrue(written >= 1500 && written <= 2200, "about 200 changes per second for 10 s, wrote " + written);

        await().atMost(Duration.ofSeconds(120)).until(() -> reloaded.equals(given().get("/sync/status").then()
                .extract().jsonPath().getString("tables.ledger.last_result.run_id")));
        assertEquals("success", given().get("/sync/status").then().extract().jsonPath()
                .getString("tables.ledger.last_result.status"));
        assertEquals(rows("ledger", "amount"), documents("ledger", "amount"), "ledger equals its table");
        // notes: passes until the collection has caught up with the last change.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            if (idle()) {
                given().contentType(ContentType.JSON).body("{\"tables\":[\"notes\"]}").post("/sync/trigger");
            }
            return rows("notes", "body").equals(documents("notes", "body"));
        });
        assertEquals(FIRST_NOTES + written / 3, rows("notes", "body").size());
        assertEquals(rows("notes", "body"), documents("notes", "body"), "notes equals its table");
        assertEquals(rows("ledger", "amount"), documents("ledger", "amount"), "ledger still equals its table");
    }

    private static Map<Integer, Object> rows(String table, String column) throws SQLException {
        Map<Integer, Object> out = new TreeMap<>();
        try (Connection c = TestDatabase.connect(DB); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, " + column + " FROM " + table)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getObject(2));
            }
        }
        return out;
    }

    private Map<Integer, Object> documents(String table, String field) {
        Map<Integer, Object> out = new TreeMap<>();
        for (Document d : collection(table).find()) {
            assertEquals(d.get("_id"), d.get("id"), d.toJson());
            out.put(d.getInteger("_id"), d.get(field));
        }
        return out;
    }

    private static void trigger() {
        given().contentType(ContentType.JSON).body("{}").post("/sync/trigger").then().statusCode(202);
    }

    private static boolean idle() {
        return !given().get("/sync/status").then().extract().jsonPath().getBoolean("running");
    }

    private MongoCollection<Document> collection(String name) {
        return coll(name);
    }
}
