package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.FailingUpserter;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.LoadChunkStore;
import io.mysqlmongosync.sink.LoadChunkStore.SplitLoad;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared load chunks with two lease owners in one JVM: a split load of 4 chunks, one loaded at a time per replica
 * (SYNC_LOAD_THREADS=1). A replica that cannot take the table lease loads the free chunks of the planned load but
 * does not hand over; the table lease holder hands over once every chunk is done. Chunk saves are fenced by the
 * chunk lease epoch and the plan id, and the status names the holder of each chunk.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_chunks"),
    @ResourceArg(name = "schema", value = "/db/partitions.sql"),
    @ResourceArg(name = "tables", value = "big"),
    @ResourceArg(name = "sync.load-partitions", value = "4"),
    @ResourceArg(name = "sync.load-threads", value = "1"),
    @ResourceArg(name = "sync.load-partition-min-rows", value = "300"),
    @ResourceArg(name = "sync.batch-size", value = "100"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class SharedLoadChunksIT extends EngineFixture {

    static final String DB = "mms_chunks";

    @Inject
    BulkUpserter writer;

    @Inject
    CheckpointStore checkpoints;

    @Inject
    LoadChunkStore chunks;

    @Inject
    LeaseStore leases;

    @Inject
    StatusService status;

    @BeforeAll
    static void fill() {
        TestDatabase.exec(DB, "INSERT INTO big (id, name) SELECT seq * 1000000000, CONCAT('b', seq)"
                + " FROM seq_1_to_1000");
        TestDatabase.exec(DB, "ANALYZE TABLE big");
    }

    @BeforeEach
    void crashedSplitLoad() {
        checkpoints.reset("big");
        coll("big").drop();
        BulkUpserter real = ClientProxy.unwrap(writer);
        QuarkusMock.installMockForType(new FailingUpserter(real, 3), BulkUpserter.class);
        try {
            assertEquals("failed", engine.run("x", "manual", List.of("big"), false, "a").tables().get(0).status());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        QuarkusMock.installMockForType(real, BulkUpserter.class);
    }

    @AfterEach
    void realWriter() {
        QuarkusMock.installMockForType(ClientProxy.unwrap(writer), BulkUpserter.class);
    }

    @Test
    void aReplicaWithoutTheTableLeaseLoadsFreeChunksAndTheHolderHandsOverOnce() throws Exception {
        SplitLoad plan = chunks.load("big");
        assertNotNull(plan, "the crashed load left its plan");
        assertEquals(4, plan.chunks().size());
        assertTrue(plan.chunks().stream().anyMatch(c -> c.range().position() != null && "a".equals(c.owner())));
        // Another replica ("x") holds the table: "b" cannot take it, so it joins the split load.
        assertNotNull(leases.take("big", "x", 60_000));
        TableResult helped = engine.run("h", "manual", List.of("big"), false, "b").tables().get(0);
        assertEquals("skipped", helped.status(), helped.toString());
        assertTrue(helped.error().contains("loaded chunks"), helped.error());
        MongoCollection<Document> big = coll("big");
        assertEquals(1000, big.countDocuments());
        SplitLoad after = chunks.load("big");
        assertNotNull(after, "a replica without the table lease does not hand over");
        assertTrue(after.finished(), "every chunk done: " + after);
        assertTrue(after.chunks().stream().allMatch(c -> "b".equals(c.owner())), "b loaded (or resumed) them all");
        assertEquals(1000 - 200, helped.read(), "b resumed each chunk from its stored position: " + helped);

        var table = status.status().tables().get("big");
        assertEquals("x", table.lease().owner());
        assertEquals(4, table.chunks().size());
        assertTrue(table.chunks().stream().allMatch(c -> c.done() && "b".equals(c.owner()) && c.lease() != null
                && !c.lease().live()), table.chunks().toString());

        leases.release("big", "x");
        TableResult handedOver = engine.run("o", "manual", List.of("big"), false, "a").tables().get(0);
        assertEquals("success", handedOver.status(), handedOver.toString());
        assertEquals(0, handedOver.read(), "nothing left to load: the holder only hands over");
        TableCheckpoint cp = checkpoints.load("big").orElseThrow();
        assertEquals(TableCheckpoint.Phase.INCREMENTAL, cp.phase());
        assertNull(cp.loadRanges());
        assertNull(status.status().tables().get("big").chunks());
        assertEquals(1000, big.distinct("_id", Long.class).into(new ArrayList<>()).size());
    }

    @Test
    void chunkSavesAreFencedByTheChunkLeaseEpochAndThePlan() {
        SplitLoad plan = chunks.load("big");
        assertNotNull(plan);
        String id = LeaseStore.chunkId("big", 3);
        Lease first = leases.take(id, "a", 60_000);
        LoadRange range = chunks.claim("big", plan.plan(), 3, first);
        chunks.save("big", plan.plan(), 3, range.at(new Object[] {3_100_000_000_000L}), WriteFence.of(first));
        leases.release(id, "a");
        Lease second = leases.take(id, "b", 60_000);
        assertEquals(first.epoch() + 1, second.epoch(), "a take-over starts a new epoch");
        LoadRange resumed = chunks.claim("big", plan.plan(), 3, second);
        assertEquals(3_100_000_000_000L, resumed.position()[0], "the new holder resumes from the stored position");
        assertThrows(LeaseLostException.class, () -> chunks.save("big", plan.plan(), 3, range.finished(), WriteFence.of(first)),
                "the former holder's save is refused");
        assertThrows(LeaseLostException.class, () -> chunks.save("big", "another-plan", 3, resumed, WriteFence.of(second)),
                "a save for another plan is refused");
        chunks.save("big", plan.plan(), 3, resumed.finished(), WriteFence.of(second));
        assertTrue(chunks.load("big").chunks().get(3).range().done());
        checkpoints.reset("big");
        assertNull(chunks.load("big"), "a reset drops the plan");
        assertThrows(LeaseLostException.class, () -> chunks.save("big", plan.plan(), 3, resumed, WriteFence.of(second)),
                "a save after a reset is refused");
        leases.release(id, "b");
    }
}
