package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.EngineFixture;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code SYNC_CAPTURE_MODE=auto} against a server where every binlog precondition holds streams; with
 * {@code SYNC_CDC_RESNAPSHOT_ON_GAP=true} a table whose binlog position was purged while its stream was stopped is
 * reloaded by itself (alert raised), deletes made during the gap included, and streams again. With a short lease
 * (8 s), a stream that sees no change for longer than the lease keeps its table lease live (renewed while idle), so
 * no standby could take the table over from a healthy stream.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/binlog-resnapshot"),
    @ResourceArg(name = "mode", value = "auto"),
    @ResourceArg(name = "settings", value = "sync.cdc.resnapshot-on-gap=true;sync.lease-seconds=8;sync.max-retries=0;"
            + "MONGODB_SOCKET_TIMEOUT_MS=3000;MONGODB_SERVER_SELECTION_TIMEOUT_MS=2000")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinlogResnapshotIT extends EngineFixture {

    static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    BinlogStreams streams;

    MongoCollection<Document> items() {
        return coll("items");
    }

    @Test
    @Order(1)
    void autoStreamsWhenEveryPreconditionHolds() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("items"), false);
        assertEquals("success", run.status(), run.toString());
        BinlogStreamStates.awaitState(streams, "items", "streaming");
        given().get("/sync/tables").then().body("find { it.name == 'items' }.capture_mode", equalTo("binlog"));
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (4, 'bowl', 1, 3.00)");
        BinlogStreamStates.awaiting("a change arrives without a run").until(() -> item(4) != null);
    }

    @Test
    @Order(2)
    void aPurgedPositionReloadsTheTable() throws Exception {
        given().post("/sync/pause").then().statusCode(200);
        BinlogStreamStates.awaitState(streams, "items", "paused");
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (5, 'gap', 1, 1.00)",
                "UPDATE items SET qty = 8 WHERE id = 1", "DELETE FROM items WHERE id = 2");
        BinlogSyncResource.purgeBinlogs();
        given().post("/sync/resume").then().statusCode(200);
        BinlogStreamStates.awaiting("the table is reloaded after the gap").untilAsserted(() -> assertTrue(
                item(5) != null && item(2) == null && item(1).getInteger("qty") == 8, () -> "" + streams.status()));
        BinlogStreamStates.awaitState(streams, "items", "streaming");
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("sync_alerts_total{reason=\"binlog_position_lost\"} 1.0"), metrics);
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (6, 'after', 1, 1.00)");
        BinlogStreamStates.awaiting("changes flow again").until(() -> item(6) != null);
        assertNotNull(item(3));
    }

    @Test
    @Order(3)
    void anIdleStreamKeepsItsLeaseLive() throws Exception {
        BinlogStreamStates.awaitState(streams, "items", "streaming");
        Document before = lease();
        // Longer than the 8 s lease, with no change to stream: the table keeps the same lease all along.
        await("the idle stream keeps its lease").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12))
                .pollInterval(Duration.ofMillis(200)).until(() -> before.getString("owner").equals(lease()
                        .getString("owner")) && before.get("epoch").equals(lease().get("epoch")));
        Document after = lease();
        assertEquals(before.getString("owner"), after.getString("owner"), after.toJson());
        assertEquals(before.get("epoch"), after.get("epoch"), "the same lease, not a new one: " + after.toJson());
        assertTrue(after.getDate("expires_at").getTime() > System.currentTimeMillis(),
                "the lease of an idle stream is live: " + after.toJson());
        assertTrue(after.getDate("renewed_at").after(before.getDate("renewed_at")), after.toJson());
        BinlogSyncResource.server.exec(DB, "INSERT INTO items (id, name, qty, price) VALUES (7, 'after-idle', 1, 1.00)");
        BinlogStreamStates.awaiting("a change after the idle time streams").until(() -> item(7) != null);
    }

    private Document lease() {
        return coll("_sync_leases").find(new Document("_id", "items")).first();
    }

    private Document item(int id) {
        return items().find(new Document("_id", id)).first();
    }
}
