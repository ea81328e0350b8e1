package io.mysqlmongosync.ui;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mysqlmongosync.testing.HeadlessChromium;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The operator page's per-table buttons in a real headless Chromium, with the API locked (SYNC_API_AUTH=required):
 * Verify, Repair and Re-snapshot of one table reach the API with the pasted token and do what they say (the data
 * that lands is checked), and the table's last scheduled repair shows its figures. Companion of OperatorPageIT, on
 * a database of its own.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = OperatorTableButtonsIT.DB),
    @ResourceArg(name = "schema", value = "/db/repair.sql"),
    @ResourceArg(name = "tables", value = "counters,ledger"),
    @ResourceArg(name = "sync.enabled", value = "false"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "SYNC_COUNTERS_REPAIR_INTERVAL_MINUTES", value = "60"),
    @ResourceArg(name = "sync.api.auth", value = "required"),
    @ResourceArg(name = "sync.api.operator-token", value = OperatorTableButtonsIT.OPERATOR),
    @ResourceArg(name = "sync.api.viewer-token", value = OperatorTableButtonsIT.VIEWER)})
class OperatorTableButtonsIT {

    static final String DB = "rp_operator_page";
    static final String OPERATOR = "op-rp-7d3e1b9a5c2f4a608e1d";
    static final String VIEWER = "vw-rp-2a4c6e8b0d1f3a5c7e9b";

    @TestHTTPResource("/")
    URL page;

    @Inject
    MongoClient mongo;

    @Test
    void verifyRepairAndResnapshotButtonsReachTheApiAndTheLastRepairShows() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO counters (id, name, hits) VALUES (1, 'home', 0), (2, 'about', 0),"
                + " (3, 'blog', 0)");
        TestDatabase.exec(DB, "INSERT INTO ledger (id, amount) VALUES (1, 10), (2, 20), (3, 30)");
        operator().post("/sync/trigger").then().statusCode(202);
        awaitIdle();
        assertEquals(3, collection("ledger").countDocuments());
        // The re-snapshot needs the operator role, as the other changes do.
        given().post("/sync/resnapshot/ledger").then().statusCode(401).body("error", equalTo("unauthorized"));
        viewer().post("/sync/resnapshot/ledger").then().statusCode(403).body("error", equalTo("forbidden"));

        try (HeadlessChromium browser = HeadlessChromium.start(1600, 900)) {
            browser.open(page.toString());
            browser.evaluate("document.getElementById('token').value = '" + OPERATOR + "';"
                    + " document.querySelector('#token-form button[type=submit]').click(); true");
            browser.await("document.querySelectorAll('#tables tr[data-table] button[data-action]').length == 6",
                    Duration.ofSeconds(15));

            // Verify of counters only.
            click(browser, "verify", "counters");
            browser.await("document.getElementById('message').textContent.startsWith('Verification of counters')",
                    Duration.ofSeconds(15));
            JsonPath v = awaitVerification(false);
            assertEquals(List.of("counters"), List.copyOf(v.getMap("tables").keySet()));
            assertEquals(3, v.getLong("tables.counters.matching"));
            assertEquals("operator-token", lastAudit("verify").getString("who"), "the click carried the token");

            // A write polling cannot see, fixed by the Repair button.
            TestDatabase.exec(DB, "UPDATE counters SET hits = 7 WHERE id = 3");
            click(browser, "repair", "counters");
            browser.await("document.getElementById('message').textContent.startsWith('Repair of counters')",
                    Duration.ofSeconds(15));
            v = awaitVerification(true);
            assertEquals(1, v.getLong("tables.counters.different"));
            assertEquals(7, collection("counters").find(new Document("_id", 3)).first().getInteger("hits"));

            // Re-snapshot of ledger removes the document of a deleted row.
            TestDatabase.exec(DB, "DELETE FROM ledger WHERE id = 2");
            click(browser, "resnapshot", "ledger");
            browser.await("document.getElementById('message').textContent.startsWith('Re-snapshot of ledger')",
                    Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(30)).until(() -> collection("ledger").countDocuments() == 2);
            assertNull(collection("ledger").find(new Document("_id", 2)).first());
            assertEquals("operator-token", lastAudit("resnapshot").getString("who"));

            // The scheduled repair (due at once when resumed) and its figures on the page.
            TestDatabase.exec(DB, "UPDATE counters SET hits = 9 WHERE id = 1");
            operator().post("/sync/resume").then().statusCode(200);
            browser.await("(document.querySelector('[data-repair=counters]') || {}).textContent"
                    + " && document.querySelector('[data-repair=counters]').textContent.startsWith('done')",
                    Duration.ofSeconds(30));
            String shown = browser.evaluate("document.querySelector('[data-repair=counters]').textContent").asText();
            assertTrue(shown.contains("3 checked, 0 missing, 0 extra, 1 different, 1 repaired"), shown);
            assertEquals(9, collection("counters").find(new Document("_id", 1)).first().getInteger("hits"));
            assertEquals("—", browser.evaluate("document.querySelector('#tables tr[data-table=ledger]')"
                    + ".cells[9].innerText.trim()").asText(), "ledger has no scheduled repair");
        } finally {
            operator().post("/sync/pause").then().statusCode(200);
        }
    }

    private static void click(HeadlessChromium browser, String action, String table) throws Exception {
        browser.evaluate("document.querySelector('#tables tr[data-table=" + table + "] button[data-action=" + action
                + "]').click(); true");
    }

    private static JsonPath awaitVerification(boolean repair) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath v = viewer().get("/sync/verification").then().extract().jsonPath();
            return v.getBoolean("repair") == repair && "done".equals(v.getString("status"));
        });
        return viewer().get("/sync/verification").then().statusCode(200).extract().jsonPath();
    }

    private Document lastAudit(String action) {
        return mongo.getDatabase("t_" + DB).getCollection("_sync_audit").find(Filters.eq("action", action))
                .sort(Sorts.descending("at")).first();
    }

    private MongoCollection<Document> collection(String name) {
        return mongo.getDatabase("t_" + DB).getCollection(name);
    }

    private static void awaitIdle() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !viewer().get("/sync/status").then().extract().jsonPath()
                .getBoolean("running"));
    }

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + OPERATOR);
    }

    private static RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + VIEWER);
    }
}
