package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoDatabase;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.OutOfSpaceUpserter;
import io.mysqlmongosync.sink.ScriptedUpserter;
import io.mysqlmongosync.sink.SlowUpserter;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** SYNC_PARALLEL_TABLES=2: tables of one run are synced two at a time, results stay in configured order. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_parallel"),
    @ResourceArg(name = "schema", value = "/db/parallel.sql"),
    @ResourceArg(name = "tables", value = "alpha,beta,gamma"),
    @ResourceArg(name = "sync.parallel-tables", value = "2"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParallelTablesIT extends EngineFixture {

    static final String DB = "mms_parallel";
    static final List<String> TABLES = List.of("alpha", "beta", "gamma");

    @Inject
    BulkUpserter writer;

    @AfterEach
    void realWriter() {
        QuarkusMock.installMockForType(ClientProxy.unwrap(writer), BulkUpserter.class);
    }

    /** Inserts {@code rows} rows named {@code <table>-<id>} into each table. */
    static void fill(String db, List<String> tables, int rows) {
        for (String t : tables) {
            TestDatabase.exec(db, "INSERT INTO " + t + " (id, name) SELECT seq, CONCAT('" + t + "-', seq) FROM seq_1_to_"
                    + rows);
        }
    }

    static void assertLoaded(MongoDatabase db, List<String> tables, int rows) {
        for (String t : tables) {
            assertEquals(rows, db.getCollection(t).countDocuments(), t);
            for (int id : new int[] {1, rows / 2, rows}) {
                Document d = db.getCollection(t).find(new Document("_id", id)).first();
                assertNotNull(d, t + " " + id);
                assertEquals(t + "-" + id, d.getString("name"));
            }
        }
    }

    @Test
    @Order(1)
    void tablesOverlapButNeverMoreThanTheLimit() throws Exception {
        fill(DB, TABLES, 300);
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 40);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);

        RunResult run = engine.run("manual", List.of(), false);

        assertEquals(TABLES, run.tables().stream().map(TableResult::table).toList(), "results in configured order");
        run.tables().forEach(t -> assertEquals("success", t.status(), t.toString()));
        run.tables().forEach(t -> assertEquals(300, t.created(), t.toString()));
        assertLoaded(mongo.getDatabase("t_" + DB), TABLES, 300);

        List<SlowUpserter.Write> w = slow.writes();
        boolean overlapped = false;
        for (SlowUpserter.Write x : w) {
            int concurrent = 0;
            for (SlowUpserter.Write y : w) {
                if (x != y && y.start() <= x.start() && x.start() < y.end()) {
                    concurrent++;
                    overlapped |= !x.collection().equals(y.collection());
                }
            }
            assertTrue(concurrent <= 1, "at most two tables written at once, saw " + (concurrent + 1));
        }
        assertTrue(overlapped, "two tables were written at the same time");
        assertEquals(2, w.stream().map(SlowUpserter.Write::thread).distinct().count(), "two table workers");
    }

    @Test
    @Order(2)
    void criticalErrorStopsStartingTables() throws Exception {
        TestDatabase.exec(DB, "UPDATE alpha SET name = CONCAT(name, '*')");
        TestDatabase.exec(DB, "UPDATE beta SET name = CONCAT(name, '*')");
        TestDatabase.exec(DB, "UPDATE gamma SET name = CONCAT(name, '*')");
        CountDownLatch alphaFailed = new CountDownLatch(1);
        BulkUpserter slowBeta = new SlowUpserter(ClientProxy.unwrap(writer), 50);
        QuarkusMock.installMockForType(new ScriptedUpserter(ClientProxy.unwrap(writer), (coll, page, del, policy, fence, real) -> {
            if (coll.equals("alpha")) {
                alphaFailed.countDown();
                throw OutOfSpaceUpserter.error(); // critical: the target is out of disk
            }
            if (coll.equals("beta")) {
                try {
                    // beta is already running next to alpha; it finishes its pages after alpha failed
                    assertTrue(alphaFailed.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return slowBeta.write(coll, page, del, policy, fence);
            }
            return real.write(coll, page, del, policy, fence);
        }), BulkUpserter.class);

        RunResult run = engine.run("manual", List.of(), false);

        assertEquals(List.of("alpha", "beta"), run.tables().stream().map(TableResult::table).toList(),
                "gamma was not started after alpha's critical error");
        assertEquals("failed", run.tables().get(0).status());
        assertEquals("storage", run.tables().get(0).critical());
        assertEquals("success", run.tables().get(1).status(), "the table already running finishes");
        MongoDatabase db = mongo.getDatabase("t_" + DB);
        assertEquals("beta-7*", db.getCollection("beta").find(new Document("_id", 7)).first().getString("name"));
        assertEquals("gamma-7", db.getCollection("gamma").find(new Document("_id", 7)).first().getString("name"));
    }
}
