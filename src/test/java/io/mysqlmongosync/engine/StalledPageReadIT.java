package io.mysqlmongosync.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseStore;
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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A lease holder whose next page read stalls past its lease must not write that page once another replica has
 * taken the table over. The holder checks its lease (renewal and write deadline, {@link LeaseKeeper}) after each
 * page; here the read of a later page waits on a MySQL table lock for longer than the lease (6 s), another owner
 * takes the expired lease and claims the checkpoint, and the lock is released: the page that was being read arrives
 * and must not be written (only the refused checkpoint save stops the table, and that comes after the write). The
 * lease is real here: it expires by time, no test hook expires it. MYSQL_SOCKET_TIMEOUT_MS lets the read wait longer
 * than the lease (by default a read that gets no byte for SYNC_OPERATION_TIMEOUT_SECONDS fails first).
 *
 * <p>The engine's scan loop ({@code engine/ScanLoop}) runs the lease check ({@link LeaseKeeper#beforeWrite}) after a
 * batch was read and before it is written; with the check after the write (as before) this test fails.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_stalled_read"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "categories"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lease-seconds", value = "6"),
    @ResourceArg(name = "sync.max-retries", value = "0"),
    @ResourceArg(name = "MONGODB_SOCKET_TIMEOUT_MS", value = "2000"),
    @ResourceArg(name = "MONGODB_SERVER_SELECTION_TIMEOUT_MS", value = "2000"),
    // The stalled page read must outlast the 6 s lease, not end at the default 5 s read deadline.
    @ResourceArg(name = "MYSQL_SOCKET_TIMEOUT_MS", value = "60000")})
class StalledPageReadIT extends EngineFixture {

    static final String DB = "mms_stalled_read";
    static final long TTL = 6000;

    @Inject
    LeaseStore leases;

    @Inject
    CheckpointStore checkpoints;

    @Inject
    BulkUpserter writer;

    @Test
    void aPageReadThatOutlastsTheLeaseIsNotWrittenAfterATakeOver() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO categories (id, name, slug) SELECT seq, CONCAT('c', seq), CONCAT('s', seq)"
                + " FROM seq_1_to_400");
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 300);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection locker = TestDatabase.connect(DB); Statement lock = locker.createStatement()) {
            Future<RunResult> run = pool.submit(() -> engine.run("stalled", "manual", List.of("categories"), true,
                    "replica-a"));
            awaitFirstPage();
            lock.execute("LOCK TABLES categories WRITE"); // the next page read of replica-a waits for it
            // null while replica-a's lease is live
            Lease taken = await("replica-a's lease expires while its page read waits").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> leases.take("categories", "replica-b", TTL), Objects::nonNull);
            long takenOver = System.nanoTime();
            checkpoints.claim(taken);
            lock.execute("UNLOCK TABLES");
            RunResult result = run.get(60, TimeUnit.SECONDS);
            TableResult t = result.tables().get(0);
            assertEquals("failed", t.status(), t.toString());
            assertTrue(t.error().contains("lost the lease on categories"), t.error());
            List<SlowUpserter.Write> late = slow.writes().stream().filter(w -> w.start() > takenOver).toList();
            assertEquals(List.of(), late, "replica-a wrote a page after replica-b had taken the table over at epoch "
                    + taken.epoch() + " (" + slow.writes().size() + " writes in all)");
        } finally {
            pool.shutdownNow();
            leases.release("categories", "replica-b");
            QuarkusMock.installMockForType(ClientProxy.unwrap(writer), BulkUpserter.class);
        }
    }

    private void awaitFirstPage() {
        await("a page of categories written").atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Document d = coll(CheckpointStore.COLLECTION)
                            .find(Filters.eq("_id", "categories")).first();
                    return d != null && d.get("load_position") != null;
                });
    }
}
