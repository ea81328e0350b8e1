package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.TargetDatabase;
import io.mysqlmongosync.sink.state.LeaseDocument;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A replica dies holding a table's lease (kill -9: the lease is never given back). This replica's scheduled runs are
 * a day apart, yet it takes the table over within a tick of the lease running out, with the next epoch, and syncs it;
 * a lease given back (released) does not trigger a run by itself.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_takeover"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.interval-minutes", value = "1440"),
    @ResourceArg(name = "sync.lease-seconds", value = "6"),
    @ResourceArg(name = "sync.max-retries", value = "0"),
    @ResourceArg(name = "MONGODB_SOCKET_TIMEOUT_MS", value = "2000"),
    @ResourceArg(name = "MONGODB_SERVER_SELECTION_TIMEOUT_MS", value = "2000")})
class LeaseTakeoverIT {

    static final int ROWS = 500;
    static final long DEAD_LEASE_MILLIS = 4_000;

    @Inject
    LeaseStore leases;

    @Inject
    TargetDatabase target;

    @Inject
    SyncController controller;

    @Inject
    SyncEngine engine;

    @Inject
    ControlService control;

    @Inject
    LeaseTakeover takeover;

    @Test
    void aLeaseThatRunsOutWithoutReleaseIsTakenOverWithinATickNotAtTheNextScheduledRun() {
        TestDatabase.exec("mms_takeover", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq),"
                + " seq / 100 FROM seq_1_to_" + ROWS);
        // The run due at the resume syncs the table and gives its lease back; the next scheduled one is a day away.
        given().post("/sync/resume").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> target.collection("products").countDocuments() == ROWS && controller.activeRun() == null);
        TestDatabase.exec("mms_takeover", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq),"
                + " seq / 100 FROM seq_" + (ROWS + 1) + "_to_" + (2 * ROWS));

        // Another replica takes the table, then dies: its lease runs out and is never given back.
        LogCapture takeoverLog = LogCapture.of(LeaseTakeover.class);
        long expiresAt = System.currentTimeMillis() + DEAD_LEASE_MILLIS;
        Lease dead = leases.take("products", "dead-replica", DEAD_LEASE_MILLIS);
        assertNotNull(dead, "this replica's run gave the lease back");

        // Lease time, a 1 s tick, a run of 500 new rows: well within 30 s, and nothing else would run for a day.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> target.collection("products").countDocuments() == 2 * ROWS);
        System.out.printf("Taken over and synced %d ms after the dead replica's lease ran out%n",
                System.currentTimeMillis() - expiresAt);
        assertTrue(System.currentTimeMillis() >= expiresAt, "not before the lease ran out");
        assertTrue(takeoverLog.messages().stream().anyMatch(m -> m.startsWith("Taking over products (held by"
                + " dead-replica, epoch " + dead.epoch() + ")")), takeoverLog.messages().toString());
        takeoverLog.detach();
        LeaseDocument now = leases.stored("products");
        assertEquals(engine.owner(), now.owner, "this replica took the lease");
        assertEquals(dead.epoch() + 1, now.epoch, "with the next epoch");

        // A lease given back is not a dead replica's: no run is made due for it.
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.activeRun() == null);
        java.time.Instant nextBefore = control.state().nextRunAt();
        Lease released = leases.take("products", "other-replica", 1_000);
        assertNotNull(released, "this replica's run gave its lease back, which let another take it");
        leases.release("products", released.owner());
        assertTrue(leases.expiredUnreleased(java.util.List.of("products"), new java.util.Date(0)).isEmpty());
        takeover.check();
        assertEquals(nextBefore, control.state().nextRunAt(), "a released lease made a run due");
    }
}
