package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A repair budget smaller than the table (SYNC_REPAIR_BUDGET_ROWS=10, pages of 5, 25 rows): each scheduled repair
 * (SYNC_REPAIR_INTERVAL_MINUTES=30) compares the next 10 rows after the key where the last one stopped, and checks
 * the next 10 documents for rows that no longer exist, so three repairs cover the whole table. Differences planted
 * in MongoDB in each third of the table are fixed by the repair whose chunk holds them, and only by it.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = RepairBudgetIT.DB),
    @ResourceArg(name = "schema", value = "/db/repair.sql"),
    @ResourceArg(name = "tables", value = "ledger"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.batch-size", value = "5"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.repair-interval-minutes", value = "30"),
    @ResourceArg(name = "sync.repair-budget-rows", value = "10")})
class RepairBudgetIT extends ScheduleFixture {

    static final String DB = "rp_repair_budget";

    @Test
    void aBudgetSmallerThanTheTableResumesWhereTheLastRepairStoppedAndCoversTheWholeTable() {
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 25; id++) {
            rows.append(id == 1 ? "" : ", ").append("(").append(id).append(", ").append(id * 10).append(")");
        }
        TestDatabase.exec(DB, "INSERT INTO ledger (id, amount) VALUES " + rows);
        given().post("/sync/trigger").then().statusCode(202);
        await("the load").atMost(BOUND).until(() -> ledger().countDocuments() == 25
                && !given().get("/sync/status").then().extract().jsonPath().getBoolean("running"));

        // One difference in each third of the table, a missing document in the second, an extra one at the end.
        for (int id : new int[] {4, 14, 24}) {
            ledger().updateOne(new Document("_id", id), new Document("$set", new Document("amount", -1)));
        }
        ledger().deleteOne(new Document("_id", 15));
        ledger().insertOne(new Document("_id", 99).append("amount", 1)
                .append("_sync", new Document("table", "ledger")));
        ledger().insertOne(new Document("_id", 98).append("note", "written by someone else"));

        // Repair 1 (due at once when resumed): rows 1..10, documents 1..10.
        Instant before = Instant.now();
        given().post("/sync/resume").then().statusCode(200);
        Document last = awaitRepairAfter("ledger", before);
        assertFigures(last, 10, 0, 0, 1, false);
        assertEquals(List.of(10L), keyOf(state().getList("rows_after", Object.class)));
        assertEquals(40, amount(4), "fixed: in the first chunk");
        assertEquals(-1, amount(14), "not yet: in the second chunk");
        assertNull(ledger().find(new Document("_id", 15)).first(), "not yet: in the second chunk");
        assertEquals(-1, amount(24), "not yet: in the third chunk");

        // Repair 2, one interval later: resumes after key 10.
        before = Instant.now();
        clock.offset = Duration.ofMinutes(31);
        last = awaitRepairAfter("ledger", before);
        assertFigures(last, 10, 1, 0, 1, false);
        assertEquals(List.of(20L), keyOf(state().getList("rows_after", Object.class)));
        assertEquals(140, amount(14));
        assertEquals(150, amount(15), "the missing document is back");
        assertEquals(-1, amount(24), "not yet: in the third chunk");
        assertEquals(1, ledger().countDocuments(new Document("_id", 99)), "not yet: the documents walk is at 21");

        // Repair 3: the last 5 rows and the rest of the documents; both walks reached the end.
        before = Instant.now();
        clock.offset = Duration.ofMinutes(62);
        last = awaitRepairAfter("ledger", before);
        assertFigures(last, 5, 0, 1, 1, true);
        assertNull(state().get("rows_after"), "the next repair starts at the first row");
        assertNull(state().get("docs_after"), "the next document walk starts at the first document");
        assertEquals(240, amount(24));
        assertEquals(0, ledger().countDocuments(new Document("_id", 99)), "the extra document is gone");
        assertEquals(1, ledger().countDocuments(new Document("_id", 98)), "a document the sync did not write stays");
        assertEquals(26, ledger().countDocuments());
        ledger().deleteOne(new Document("_id", 98));
        for (int id = 1; id <= 25; id++) {
            assertEquals(id * 10, amount(id), "row " + id);
        }

        // Repair 4 starts again at the first row and finds nothing.
        before = Instant.now();
        clock.offset = Duration.ofMinutes(93);
        last = awaitRepairAfter("ledger", before);
        assertFigures(last, 10, 0, 0, 0, false);
        assertEquals(List.of(10L), keyOf(state().getList("rows_after", Object.class)));
        assertEquals(0, state().getInteger("streak"));
    }

    private static void assertFigures(Document last, long checked, long missing, long extra, long different,
            boolean covered) {
        String shown = last.toJson();
        assertEquals("done", last.getString("status"), shown);
        assertEquals(checked, last.getLong("checked"), shown);
        assertEquals(missing, last.getLong("missing"), shown);
        assertEquals(extra, last.getLong("extra"), shown);
        assertEquals(different, last.getLong("different"), shown);
        assertEquals(missing + extra + different, last.getLong("repaired"), shown);
        assertEquals(covered, last.getBoolean("wrapped"), shown);
    }

    private static List<Long> keyOf(List<Object> stored) {
        return stored.stream().map(v -> ((Number) v).longValue()).toList();
    }

    private MongoCollection<Document> ledger() {
        return coll("ledger");
    }

    private Document state() {
        return repairState("ledger");
    }

    private int amount(int id) {
        return ledger().find(new Document("_id", id)).first().getInteger("amount");
    }
}
