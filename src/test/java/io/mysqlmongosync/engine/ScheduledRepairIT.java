package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Scheduled repair against MariaDB and the Mongo wire server: an application bumps a counter with a plain UPDATE
 * that leaves the change column alone (the table has no ON UPDATE clause), which polling never sees; the table's
 * scheduled repair (SYNC_COUNTERS_REPAIR_INTERVAL_MINUTES=60) makes the collection equal to the table, counts what
 * it found, shows it in the status and, after three repairs in a row with differences, names the cause in a WARN.
 * The schedule's clock ({@link ScheduleClock}) is moved forward instead of waiting an hour; every repair is decided
 * by the real ticks (SYNC_TICK=1s).
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ScheduledRepairIT.DB),
    @ResourceArg(name = "schema", value = "/db/repair.sql"),
    @ResourceArg(name = "tables", value = "counters"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "SYNC_COUNTERS_REPAIR_INTERVAL_MINUTES", value = "60")})
class ScheduledRepairIT extends ScheduleFixture {

    static final String DB = "rp_sched_repair";

    @Test
    void aCounterUpdatedWithoutItsChangeColumnIsEqualToTheSourceAfterOneScheduledRepair() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO counters (id, name, hits) VALUES (1, 'home', 0), (2, 'about', 0),"
                + " (3, 'blog', 0)");
        given().post("/sync/trigger").then().statusCode(202);
        awaitIdle();
        assertEquals(3, counters().countDocuments());

        // The application's plain UPDATE: updated_at stays, so the next pass does not see it.
        TestDatabase.exec(DB, "UPDATE counters SET hits = hits + 5 WHERE id = 2");
        given().post("/sync/trigger").then().statusCode(202);
        awaitIdle();
        assertEquals(0, hits(2), "polling cannot see a write that leaves the change column alone");
        assertNull(repairState("counters"), "no scheduled repair while paused (SYNC_ENABLED=false)");

        // Resumed: the table was never repaired, so its repair is due at the next tick.
        Instant resumed = Instant.now();
        given().post("/sync/resume").then().statusCode(200);
        awaitRepairAfter("counters", resumed);
        assertEquals(source(), documents(), "equal to the source after one scheduled repair");
        assertEquals(5, hits(2));

        JsonPath status = status();
        String repair = "tables.counters.repair.";
        assertEquals(60, status.getInt(repair + "interval_minutes"));
        assertEquals("done", status.getString(repair + "last.status"));
        assertEquals(3, status.getLong(repair + "last.checked"));
        assertEquals(0, status.getLong(repair + "last.missing"));
        assertEquals(0, status.getLong(repair + "last.extra"));
        assertEquals(1, status.getLong(repair + "last.different"));
        assertEquals(1, status.getLong(repair + "last.repaired"));
        assertTrue(status.getBoolean(repair + "last.whole_table_covered"));
        Instant next = Instant.parse(status.getString(repair + "next_run_at"));
        Instant expected = Instant.parse(status.getString(repair + "last.started_at")).plus(clock.offset)
                .plus(Duration.ofMinutes(60));
        assertTrue(Duration.between(expected, next).abs().toSeconds() < 30, "next " + next + ", expected " + expected);
        assertEquals(1.0, metric("different"), 0.0);
        assertEquals(1.0, metric("repaired"), 0.0);
        assertEquals(3.0, metric("checked"), 0.0);

        // Two more silent writes, each repaired by the next scheduled repair: the third in a row gets the WARN.
        LogCapture log = LogCapture.of(ScheduledRepairs.class);
        try {
            for (int round = 1; round <= 2; round++) {
                TestDatabase.exec(DB, "UPDATE counters SET hits = hits + 1 WHERE id = 1");
                Instant before = Instant.now();
                clock.offset = Duration.ofMinutes(61L * round);
                awaitRepairAfter("counters", before);
                assertEquals(source(), documents(), "round " + round);
            }
            assertTrue(log.messages().stream().anyMatch(m -> m.contains("needed repairs in 3 scheduled repairs in a"
                    + " row") && m.contains("change column updated_at") && m.contains("binlog")), log.messages()
                            .toString());
        } finally {
            log.detach();
        }
        assertEquals(3, repairState("counters").getInteger("streak"));
    }

    private static double metric(String kind) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith("sync_repair_rows_total{") && line.contains("kind=\"" + kind + "\"")
                    && line.contains("table=\"counters\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sync_repair_rows_total for " + kind + " in the metrics");
    }

    private MongoCollection<Document> counters() {
        return coll("counters");
    }

    private int hits(int id) {
        return counters().find(new Document("_id", id)).first().getInteger("hits");
    }

    /** id → hits as stored in MongoDB. */
    private Map<Integer, Integer> documents() {
        Map<Integer, Integer> out = new HashMap<>();
        for (Document d : counters().find()) {
            out.put(d.getInteger("_id"), d.getInteger("hits"));
        }
        return out;
    }

    /** id → hits as MySQL has them. */
    private static Map<Integer, Integer> source() throws Exception {
        Map<Integer, Integer> out = new HashMap<>();
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, hits FROM counters")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }
}
