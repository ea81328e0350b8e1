package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.SlowUpserter;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.sink.state.ControlStateDocument;
import io.mysqlmongosync.sink.state.ControlStateRepository;
import io.mysqlmongosync.sink.state.LeaseRepository;
import io.mysqlmongosync.sink.UnrenewableLeaseStore;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several replicas on one table, as two lease owners in one process: fencing epochs, refused stale checkpoint
 * saves, the write deadline, optimistic control state, and a reset that a running pass cannot undo. A short lease
 * (6 s) with no retries and 2 s MongoDB bounds passes the start-up rule (4 s of write budget + 0.6 s margin).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_replicas"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "categories"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lease-seconds", value = "6"),
    @ResourceArg(name = "sync.max-retries", value = "0"),
    @ResourceArg(name = "MONGODB_SOCKET_TIMEOUT_MS", value = "2000"),
    @ResourceArg(name = "MONGODB_SERVER_SELECTION_TIMEOUT_MS", value = "2000")})
class SeveralReplicasIT extends EngineFixture {

    static final String DB = "mms_replicas";
    static final long TTL = 6000;
    static LogCapture engineLog;

    @Inject
    LeaseStore leases;

    @Inject
    CheckpointStore checkpoints;

    @Inject
    ControlStateStore stateStore;

    @Inject
    BulkUpserter writer;

    @Inject
    LeaseRepository leaseRepository;

    @Inject
    ControlStateRepository stateRepository;

    @BeforeAll
    static void capture() {
        engineLog = LogCapture.of(SyncEngine.class);
    }

    @AfterAll
    static void release() {
        engineLog.detach();
    }

    @Test
    @Order(1)
    void takeOverByAnotherOwnerIncrementsTheEpochSameOwnerKeepsIt() {
        Lease a = leases.take("t_epoch", "replica-a", TTL);
        assertEquals(1, a.epoch());
        assertEquals(1, leases.take("t_epoch", "replica-a", TTL).epoch(), "a re-acquire by the same owner keeps it");
        assertNull(leases.take("t_epoch", "replica-b", TTL), "a live lease of another owner is not taken");
        expire("t_epoch");
        Lease b = leases.take("t_epoch", "replica-b", TTL);
        assertEquals(2, b.epoch(), "a take-over by a different owner starts the next epoch");
        Document stored = leaseDoc("t_epoch");
        assertEquals("replica-b", stored.getString("owner"));
        assertEquals(2L, ((Number) stored.get("epoch")).longValue());
        assertTrue(stored.getDate("expires_at").after(new Date()), stored.toJson());

        leases.release("t_epoch", "replica-b");
        stored = leaseDoc("t_epoch");
        assertFalse(stored.getDate("expires_at").after(new Date()), "released: expired, not deleted");
        assertEquals(2L, ((Number) stored.get("epoch")).longValue(), "the epoch survives the release");
        assertEquals(2, leases.take("t_epoch", "replica-b", TTL).epoch());
        leases.release("t_epoch", "replica-b");
        assertEquals(3, leases.take("t_epoch", "replica-a", TTL).epoch());
        assertThrows(LeaseLostException.class, () -> leases.renew(a, TTL), "a renewal of an old epoch is refused");
    }

    @Test
    @Order(2)
    void aStaleHoldersCheckpointSaveIsRefused() {
        Lease a = leases.take("t_fence", "replica-a", TTL);
        checkpoints.claim(a);
        checkpoints.save("t_fence", TableCheckpoint.initial("2026-01-01 00:00:00.000000")
                .withLoadPosition(new Object[] {10L}), WriteFence.of(a));
        Document before = checkpointDoc("t_fence");
        assertEquals(1L, ((Number) before.get("lease_epoch")).longValue(), before.toJson());

        expire("t_fence"); // replica-a paused past its lease
        Lease b = leases.take("t_fence", "replica-b", TTL);
        checkpoints.claim(b);
        LeaseLostException refused = assertThrows(LeaseLostException.class, () -> checkpoints.save("t_fence",
                TableCheckpoint.initial("2026-01-01 00:00:00.000000").withLoadPosition(new Object[] {20L}), WriteFence.of(a)));
        assertEquals("lost the lease on t_fence to replica-b (epoch 2)", refused.getMessage());
        Document after = checkpointDoc("t_fence");
        assertEquals(before.get("load_position"), after.get("load_position"), "the stale save changed nothing");
        assertEquals(2L, ((Number) after.get("lease_epoch")).longValue(), "claimed by the new holder");
        // The checkpoint's own epoch guard, without the lease read: an older epoch cannot claim it back.
        assertThrows(LeaseLostException.class, () -> checkpoints.claim(a));
        assertEquals(2L, ((Number) checkpointDoc("t_fence").get("lease_epoch")).longValue());

        checkpoints.save("t_fence", TableCheckpoint.initial("2026-01-01 00:00:00.000000")
                .withLoadPosition(new Object[] {30L}), WriteFence.of(b));
        assertEquals(List.of(30L), checkpointDoc("t_fence").getList("load_position", Object.class).stream()
                .map(o -> ((Number) o).longValue()).toList(), "the holder of the current epoch saves");
    }

    @Test
    @Order(3)
    void aRunWhoseLeaseIsTakenOverStopsAtOnce() throws Exception {
        fill(400);
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 500);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> run = pool.submit(() -> engine.run("a-run", "manual", List.of("categories"), true,
                    "replica-a"));
            awaitCheckpoint("categories");
            // replica-a stalls past its lease (simulated by expiring it); replica-b takes the table over.
            expire("categories");
            Lease b = leases.take("categories", "replica-b", TTL);
            assertNotNull(b);
            checkpoints.claim(b);
            Document claimed = checkpointDoc("categories");
            RunResult result = run.get(60, TimeUnit.SECONDS);
            TableResult t = result.tables().get(0);
            String expected = "lost the lease on categories to replica-b (epoch " + b.epoch() + ")";
            assertEquals("failed", t.status());
            assertEquals(expected, t.error());
            assertTrue(engineLog.messages().stream().anyMatch(m -> m.contains(expected)), engineLog.messages()
                    .toString());
            assertTrue(slow.writes().size() < 8, "stopped before loading all 8 pages: " + slow.writes().size());
            Document after = checkpointDoc("categories");
            assertEquals(claimed.get("load_position"), after.get("load_position"), "no save after the take-over");
            assertEquals(b.epoch(), ((Number) after.get("lease_epoch")).longValue());
            Document lease = leaseDoc("categories");
            assertEquals("replica-b", lease.getString("owner"), "the stale holder did not release b's lease");
        } finally {
            pool.shutdownNow();
            leases.release("categories", "replica-b");
        }
    }

    @Test
    @Order(4)
    void theWriteDeadlineStopsATableWhoseLeaseCannotBeRenewed() throws Exception {
        QuarkusMock.installMockForType(new UnrenewableLeaseStore(leaseRepository), LeaseStore.class);
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 2000);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);
        coll("categories").deleteMany(new Document());
        long started = System.nanoTime();
        RunResult result = engine.run("d-run", "manual", List.of("categories"), true, "replica-a");
        TableResult t = result.tables().get(0);
        assertEquals("failed", t.status());
        assertTrue(t.error().contains("could not be renewed before its deadline"), t.error());
        // The deadline (lease 6 s - 4 s write budget - 0.6 s margin) passed during the first 2 s page: no second
        // write was started, and the one written ended well before the lease could expire.
        assertEquals(1, slow.writes().size());
        assertTrue(slow.writes().get(0).end() - started < TimeUnit.MILLISECONDS.toNanos(TTL));
        assertEquals(50, coll("categories").countDocuments());
    }

    @Test
    @Order(5)
    void concurrentControlStateUpdatesNeverLoseOne() throws Exception {
        ControlState start = stateStore.load();
        long version = stateStore.version();
        int perThread = 25;
        // Every stored write adds one to both the interval and the version: a read that mixes two writes shows it.
        long offset = start.intervalMinutes() - version;
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> mixedReads = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        stateStore.update(s -> s.withInterval(s.intervalMinutes() + 1));
                    }
                }));
            }
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    ControlStateDocument d = stateRepository.read();
                    if (d.intervalMinutes - d.version != offset) {
                        mixedReads.add("interval " + d.intervalMinutes + " with version " + d.version);
                    }
                }
            });
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), mixedReads, "reads that mixed two writes");
        Document stored = coll(ControlStateStore.COLLECTION)
                .find(Filters.eq("_id", "control")).first();
        assertEquals(start.intervalMinutes() + 2 * perThread, stored.getInteger("interval_minutes"), stored.toJson());
        assertEquals(version + 2 * perThread, ((Number) stored.get("version")).longValue());
        stateStore.update(s -> s.withInterval(start.intervalMinutes()));
    }

    @Test
    @Order(6)
    void aResetThroughTheApiWinsOverARunningLoad() throws Exception {
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 500);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);
        awaitNoLiveLease("categories");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> run = pool.submit(() -> engine.run("r-run", "manual", List.of("categories"), true,
                    "replica-a"));
            awaitCheckpointOf("categories", "replica-a");
            given().post("/sync/reset/categories").then().statusCode(200);
            Document marker = checkpointDoc("categories");
            assertNull(marker.getString("phase"), "the checkpoint is gone: " + marker.toJson());
            long epoch = ((Number) marker.get("lease_epoch")).longValue();
            assertEquals(epoch, ((Number) leaseDoc("categories").get("epoch")).longValue());
            TableResult t = run.get(60, TimeUnit.SECONDS).tables().get(0);
            assertEquals("failed", t.status());
            assertEquals("lost the lease on categories to " + LeaseStore.RESET_OWNER + " (epoch " + epoch + ")",
                    t.error());
            Document after = checkpointDoc("categories");
            assertNull(after.getString("phase"), "the run's next save did not bring the checkpoint back: "
                    + after.toJson());
            assertTrue(checkpoints.load("categories").isEmpty());
        } finally {
            pool.shutdownNow();
        }
        // Once the old lease has run out, the next run loads the table afresh and takes a newer epoch.
        QuarkusMock.installMockForType(ClientProxy.unwrap(writer), BulkUpserter.class);
        awaitNoLiveLease("categories");
        RunResult next = engine.run("n-run", "manual", List.of("categories"), false, "replica-a");
        assertEquals("success", next.status(), next.toString());
        assertEquals("initial", next.tables().get(0).mode());
        Document cp = checkpointDoc("categories");
        assertNotNull(cp.getString("phase"));
        assertEquals(((Number) leaseDoc("categories").get("epoch")).longValue(),
                ((Number) cp.get("lease_epoch")).longValue());
    }

    @Test
    @Order(7)
    void anUpdateThatKeepsLosingTheRaceAnswers409() {
        MongoCollection<Document> state = coll(ControlStateStore.COLLECTION);
        long before = stateStore.version();
        // Another writer gets in between every read and write of this update.
        assertThrows(ControlStateConflictException.class, () -> stateStore.update(s -> {
            state.updateOne(Filters.eq("_id", "control"), Updates.inc("version", 1L));
            return s.withPaused("never stored");
        }));
        Document stored = state.find(Filters.eq("_id", "control")).first();
        assertEquals(before + ControlStateStore.ATTEMPTS, ((Number) stored.get("version")).longValue());
        assertFalse("never stored".equals(stored.getString("paused_reason")), "the losing write changed nothing");

        ControlStateStore contended = new ControlStateStore(stateRepository, null) {
            @Override
            public ControlState update(java.util.function.UnaryOperator<ControlState> change) {
                throw new ControlStateConflictException(ATTEMPTS);
            }
        };
        QuarkusMock.installMockForType(contended, ControlStateStore.class);
        given().post("/sync/pause").then().statusCode(409).body("error", org.hamcrest.Matchers.equalTo("conflict"))
                .body("message", org.hamcrest.Matchers.containsString("changed concurrently"));
    }

    private void fill(int rows) throws Exception {
        TestDatabase.exec(DB, "INSERT INTO categories (id, name, slug) SELECT seq, CONCAT('c', seq), CONCAT('s', seq)"
                + " FROM seq_1_to_" + rows);
    }

    private void expire(String table) {
        leaseCollection().updateOne(Filters.eq("_id", table), Updates.set("expires_at", new Date(0)));
    }

    private void awaitCheckpoint(String table) {
        await("a checkpoint of " + table + " saved").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Document d = checkpointDoc(table);
                    return d != null && d.getString("phase") != null && d.get("load_position") != null;
                });
    }

    /**
     * Waits for a load position saved by the run {@code owner} holds now (the table's live lease is {@code owner}'s
     * and the checkpoint carries its epoch), not one left by an earlier test.
     */
    private void awaitCheckpointOf(String table, String owner) {
        await("a checkpoint of " + table + " saved by " + owner).atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    Document d = checkpointDoc(table);
                    Document lease = leaseDoc(table);
                    return d != null && d.get("load_position") != null && lease != null
                            && owner.equals(leases.holder(table)) && lease.get("epoch") instanceof Number e
                            && d.get("lease_epoch") instanceof Number c && e.longValue() == c.longValue();
                });
    }

    private void awaitNoLiveLease(String table) {
        await("the lease of " + table + " released").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> leases.holder(table) == null);
    }

    private Document leaseDoc(String table) {
        return leaseCollection().find(Filters.eq("_id", table)).first();
    }

    private Document checkpointDoc(String table) {
        return coll(CheckpointStore.COLLECTION).find(Filters.eq("_id", table))
                .first();
    }

    private MongoCollection<Document> leaseCollection() {
        return coll(LeaseStore.COLLECTION);
    }
}
