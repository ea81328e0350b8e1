package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.mysqlmongosync.source.DatabaseClock;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.FailingUpserter;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SYNC_LOAD_PARTITIONS=2 with a low SYNC_LOAD_PARTITION_MIN_ROWS: initial loads of tables with an integer leading
 * key run as two key ranges at once, land completely, resume per range after a crash, and hand over to incremental.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_partitions"),
    @ResourceArg(name = "schema", value = "/db/partitions.sql"),
    @ResourceArg(name = "tables", value = "products,order_lines,codes,small,big,legacy,fresh"),
    @ResourceArg(name = "sync.load-partitions", value = "2"),
    @ResourceArg(name = "sync.load-partition-min-rows", value = "300"),
    @ResourceArg(name = "sync.batch-size", value = "100"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class LoadPartitionsIT extends EngineFixture {

    static final String DB = "mms_partitions";

    @Inject
    BulkUpserter writer;

    @Inject
    CheckpointStore checkpoints;

    @Inject
    DatabaseClock clock;

    @BeforeAll
    static void fill() {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), seq / 100 FROM seq_1_to_1000");
        TestDatabase.exec(DB, "INSERT INTO order_lines (order_id, line_no, qty) SELECT o.seq, l.seq, o.seq * 10 + l.seq"
                + " FROM seq_1_to_300 o, seq_1_to_3 l");
        TestDatabase.exec(DB, "INSERT INTO codes (code, label) SELECT CONCAT('c', LPAD(seq, 5, '0')), CONCAT('code ', seq)"
                + " FROM seq_1_to_400");
        TestDatabase.exec(DB, "INSERT INTO small (id, name) SELECT seq, CONCAT('s', seq) FROM seq_1_to_50");
        TestDatabase.exec(DB, "INSERT INTO big (id, name) SELECT seq * 1000000000, CONCAT('b', seq) FROM seq_1_to_1000");
        TestDatabase.exec(DB, "INSERT INTO legacy (id, name) SELECT seq, CONCAT('l', seq) FROM seq_1_to_1000");
        TestDatabase.exec(DB, "INSERT INTO fresh (id, name) SELECT seq, CONCAT('f', seq) FROM seq_1_to_250");
        // The split decision uses information_schema's row estimate: make it current.
        TestDatabase.exec(DB, "ANALYZE TABLE products, order_lines, codes, small, big, legacy, fresh");
    }

    @AfterEach
    void realWriter() {
        QuarkusMock.installMockForType(ClientProxy.unwrap(writer), BulkUpserter.class);
    }

    private MongoDatabase target() {
        return mongo.getDatabase("t_" + DB);
    }

    @Test
    void largeTablesAreSplitSmallAndNonIntegerKeysAreNot() throws Exception {
        RunResult run = engine.run("manual", List.of("products", "order_lines", "codes", "small"), false);
        run.tables().forEach(t -> assertEquals("success", t.status(), t.toString()));

        assertEquals(2, engine.progress().get("products").partitions());
        assertEquals(2, engine.progress().get("order_lines").partitions(), "composite key: split on order_id");
        assertEquals(1, engine.progress().get("codes").partitions(), "VARCHAR key: not split");
        assertEquals(1, engine.progress().get("small").partitions(), "below SYNC_LOAD_PARTITION_MIN_ROWS");

        MongoCollection<Document> products = target().getCollection("products");
        assertEquals(1000, products.countDocuments());
        assertEquals(1000, products.distinct("_id", Integer.class).into(new ArrayList<>()).size());
        for (int id : new int[] {1, 500, 501, 1000}) {
            Document d = products.find(new Document("_id", id)).first();
            assertNotNull(d, "product " + id);
            assertEquals("p" + id, d.getString("name"));
        }
        assertEquals(1000, run.tables().get(0).created());

        MongoCollection<Document> lines = target().getCollection("order_lines");
        assertEquals(900, lines.countDocuments());
        Document line = lines.find(new Document("_id", new Document("order_id", 151).append("line_no", 2))).first();
        assertNotNull(line, "a line right at the range boundary");
        assertEquals(1512, line.getInteger("qty"));
        assertEquals(900, run.tables().get(1).read());

        assertEquals(400, target().getCollection("codes").countDocuments());
        assertEquals(50, target().getCollection("small").countDocuments());

        TableCheckpoint cp = checkpoints.load("products").orElseThrow();
        assertEquals(TableCheckpoint.Phase.INCREMENTAL, cp.phase());
        assertNull(cp.loadRanges(), "ranges are dropped once the load is handed over");

        // The handover: the next pass is incremental from the clock read before the split load.
        TestDatabase.exec(DB, "UPDATE products SET name = 'changed' WHERE id = 777");
        TableResult next = pass("products");
        assertEquals("incremental", next.mode());
        assertEquals(1, next.read());
        assertEquals(1, next.updated());
        assertEquals("changed", products.find(new Document("_id", 777)).first().getString("name"));
    }

    @Test
    void crashedSplitLoadResumesEachRangeWithoutLossOrReplay() throws Exception {
        MongoCollection<Document> big = target().getCollection("big");
        BulkUpserter real = ClientProxy.unwrap(writer);
        QuarkusMock.installMockForType(new FailingUpserter(real, 4), BulkUpserter.class);
        TableResult crashed = pass("big");
        assertEquals("failed", crashed.status());

        TableCheckpoint cp = checkpoints.load("big").orElseThrow();
        assertEquals(TableCheckpoint.Phase.INITIAL, cp.phase());
        assertNotNull(cp.loadRanges());
        assertEquals(2, cp.loadRanges().size());
        assertTrue(cp.loadRanges().stream().anyMatch(r -> r.position() != null), "a range stored its position");
        long written = big.countDocuments();
        assertTrue(written >= 300 && written < 1000, "some pages were written before the crash: " + written);
        // Every written page has its position stored in its own range: count the keys at or below each position.
        long covered = 0;
        for (LoadRange r : cp.loadRanges()) {
            if (r.position() != null) {
                long from = r.lower() == null ? Long.MIN_VALUE : r.lower();
                covered += big.countDocuments(new Document("_id", new Document("$gte", from)
                        .append("$lte", (Long) r.position()[0])));
            }
        }
        assertEquals(written, covered, "the stored range positions cover exactly the written documents");

        QuarkusMock.installMockForType(new FailingUpserter(real, -1), BulkUpserter.class);
        TableResult resumed = pass("big");
        assertEquals("success", resumed.status(), resumed.toString());
        assertEquals(1000 - written, resumed.read(), "only rows after each range's position are read again");
        assertEquals(1000 - written, resumed.created());
        assertEquals(1000, big.countDocuments());
        assertEquals(1000, big.distinct("_id", Long.class).into(new ArrayList<>()).size());
        assertEquals("b1000", big.find(new Document("_id", 1_000_000_000_000L)).first().getString("name"));
        TableCheckpoint done = checkpoints.load("big").orElseThrow();
        assertEquals(TableCheckpoint.Phase.INCREMENTAL, done.phase());
        assertNull(done.loadRanges());
    }

    @Test
    void freshLoadInsertsAndReplacesADocumentThatAppearedMeanwhile() throws Exception {
        MongoCollection<Document> fresh = target().getCollection("fresh");
        // The collection is empty when the load starts (plain inserts), but a document shows up before the first
        // write, as after a page written twice: it must be replaced, not fail the load.
        java.util.concurrent.atomic.AtomicBoolean planted = new java.util.concurrent.atomic.AtomicBoolean();
        QuarkusMock.installMockForType(new io.mysqlmongosync.sink.ScriptedUpserter(ClientProxy.unwrap(writer),
                (coll, page, deletes, policy, fence, real) -> {
                    if (policy.assumeNew() && fresh.countDocuments() == 0) {
                        fresh.insertOne(new Document("_id", page.get(1).id()).append("name", "stale"));
                        planted.set(true);
                    }
                    return real.write(coll, page, deletes, policy, fence);
                }), BulkUpserter.class);
        TableResult r = pass("fresh");
        assertEquals("success", r.status(), r.toString());
        assertTrue(planted.get(), "the load wrote into an empty collection with plain inserts");
        assertEquals(250, r.created());
        assertEquals(250, fresh.countDocuments());
        assertEquals("f2", fresh.find(new Document("_id", 2)).first().getString("name"));
        assertNotNull(fresh.find(new Document("_id", 2)).first().get("_sync"));
    }

    @Test
    void oldSinglePositionCheckpointResumesWithoutSplitting() throws Exception {
        // A checkpoint written before loads were split: one load position, no ranges.
        checkpoints.save("legacy", TableCheckpoint.initial(clock.now()).withLoadPosition(new Object[] {400L}),
                WriteFence.NONE);
        TableResult r = pass("legacy");
        assertEquals("success", r.status(), r.toString());
        assertEquals(1, engine.progress().get("legacy").partitions());
        assertEquals(600, r.read(), "resumed after key 400");
        MongoCollection<Document> legacy = target().getCollection("legacy");
        assertEquals(600, legacy.countDocuments());
        assertEquals(0, legacy.countDocuments(new Document("_id", new Document("$lte", 400))));
        assertEquals(TableCheckpoint.Phase.INCREMENTAL, checkpoints.load("legacy").orElseThrow().phase());
    }
}
