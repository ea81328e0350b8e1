package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.SlowUpserter;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** During an initial load of many pages, /sync/status shows progress and an ETA per table. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_progress"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.batch-size", value = "100")})
class ProgressIT {

    @Inject
    SyncController controller;

    @Inject
    BulkUpserter writer;

    @Test
    void statusShowsProgressAndEtaWhileLoading() throws Exception {
        TestDatabase.exec("mms_progress", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.00"
                + " FROM seq_1_to_4000");
        TestDatabase.exec("mms_progress", "ANALYZE TABLE products"); // the ETA rests on the table statistics
        QuarkusMock.installMockForType(new SlowUpserter(ClientProxy.unwrap(writer), 60), BulkUpserter.class);
        given().post("/sync/trigger").then().statusCode(202);
        List<Double> seen = new ArrayList<>();
        // polled every 150 ms while the load runs: each poll samples the status
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(150)).until(() -> {
            JsonPath s = given().get("/sync/status").then().statusCode(200).extract().jsonPath();
            Float progress = s.get("tables.products.progress");
            Integer eta = s.get("tables.products.eta_seconds");
            if ("loading".equals(s.getString("tables.products.state")) && progress != null && progress > 0 && progress < 1) {
                assertNotNull(eta, "an ETA while loading");
                assertTrue(eta >= 0);
                assertEquals("initial", s.getString("tables.products.phase"));
                seen.add(progress.doubleValue());
            }
            return controller.activeRun() == null;
        });
        assertTrue(seen.size() >= 3, "progress seen during the load: " + seen);
        assertTrue(seen.get(seen.size() - 1) > seen.get(0), "progress grows: " + seen);
        JsonPath done = given().get("/sync/status").then().extract().jsonPath();
        assertEquals("idle", done.getString("tables.products.state"));
        assertNull(done.get("tables.products.progress"), "progress is shown only while a load runs");
        assertNull(done.get("tables.products.eta_seconds"));
        assertEquals("success", done.getString("tables.products.last_status"));
        assertEquals(4000, done.getInt("tables.products.last_result.created"));
    }
}
