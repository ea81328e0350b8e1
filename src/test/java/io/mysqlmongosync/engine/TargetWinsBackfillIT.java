package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * SYNC_CONFLICT_POLICY=target-wins keeps an edit made in MongoDB even when the source row changes later (newer-wins
 * would take the newer source row), recording the conflict; SYNC_BACKFILL_ADDED_COLUMNS=true reloads a table when a
 * column is added, so documents of unchanged rows get the column too.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_targetwins"),
    @ResourceArg(name = "schema", value = "/db/deletes.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.conflict-policy", value = "target-wins"),
    @ResourceArg(name = "sync.backfill-added-columns", value = "true"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class TargetWinsBackfillIT extends EngineFixture {

    static final String DB = "mms_targetwins";

    TableResult run() throws Exception {
        WallClock.awaitNextMillisecond(); // rows written in this millisecond are after the frozen upper bound of no run
        return pass("products");
    }

    @Test
    void targetWinsKeepsTheEditEvenWhenTheSourceChangesLater() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'lamp', 5.00), (2, 'desk', 50.00)");
        run();
        coll("products").updateOne(Filters.eq("_id", 1), Updates.combine(Updates.set("name", "edited in mongo"),
                Updates.set("updated_at", new Date())));
        WallClock.awaitNextMillisecond(); // the MySQL change below is the newer side
        TestDatabase.exec(DB, "UPDATE products SET price = 6.00 WHERE id = 1"); // newer than the edit
        TestDatabase.exec(DB, "UPDATE products SET price = 55.00 WHERE id = 2"); // not edited in MongoDB
        TableResult r = run();
        assertEquals("success", r.status(), r.toString());
        assertEquals(1, r.conflict(), r.toString());
        Document kept = coll("products").find(Filters.eq("_id", 1)).first();
        assertEquals("edited in mongo", kept.get("name"), "target-wins keeps the MongoDB edit");
        assertEquals(new Decimal128(new BigDecimal("5.00")), kept.get("price"),
                "the newer source row is not written");
        assertEquals(new Decimal128(new BigDecimal("55.00")),
                coll("products").find(Filters.eq("_id", 2)).first().get("price"), "other rows still sync");
        Document conflict = coll("_sync_conflicts").find(Filters.eq("doc_id", 1)).first();
        assertEquals("target", conflict.get("winner"));
        assertEquals("edited in mongo", conflict.get("target_document", Document.class).get("name"));
    }

    @Test
    void anAddedColumnReloadsTheTableSoUnchangedRowsGetIt() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (20, 'chair', 20.00), (21, 'bench', 30.00)");
        run();
        assertFalse(coll("products").find(Filters.eq("_id", 20)).first().containsKey("color"));
        TestDatabase.exec(DB, "ALTER TABLE products ADD COLUMN color VARCHAR(20) NOT NULL DEFAULT 'red'");
        TableResult r = run();
        assertEquals("success", r.status(), r.toString());
        assertEquals("red", coll("products").find(Filters.eq("_id", 20)).first().get("color"),
                "back-filled although the row did not change");
        assertEquals("red", coll("products").find(Filters.eq("_id", 21)).first().get("color"));
    }

    /**
     * sync_lag_seconds is the age of the newest change a pass wrote: a row changed 2 s before it was inserted shows a
     * lag of at least 2 s, and at most 2 s plus the time the insert and the pass took.
     */
    @Test
    void lagMetricIsTheAgeOfTheNewestChangeWritten() throws Exception {
        run();
        // The change below is 2 s old yet after the last pass's upper bound (at the latest when the pass ended).
        WallClock.awaitPast(Instant.now().plusSeconds(2));
        long start = System.nanoTime();
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, updated_at) VALUES "
                + "(40, 'stool', 7.00, NOW(6) - INTERVAL 2 SECOND)");
        TableResult r = run();
        double elapsed = (System.nanoTime() - start) / 1e9;
        assertEquals(1, r.created(), r.toString());
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        double lag = metrics.lines().filter(l -> l.startsWith("sync_lag_seconds{") && l.contains("table=\"products\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no sync_lag_seconds for products:\n" + metrics));
        // 10 ms for the clocks of MariaDB and the JVM (same machine) reading a little apart
        assertTrue(lag >= 2.0 - 0.01 && lag <= 2.0 + elapsed + 0.01, "lag " + lag + " s, pass took " + elapsed + " s");
    }
}
