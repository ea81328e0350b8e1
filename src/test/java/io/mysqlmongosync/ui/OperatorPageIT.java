package io.mysqlmongosync.ui;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.SlowUpserter;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.HeadlessChromium;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator page at {@code /} in a real headless Chromium, with the API locked (SYNC_API_AUTH=required): the page
 * and its assets load without credentials, the API answers the page 401 until the operator pastes a token, then
 * the page shows the synced tables, the runs and the verification, and its buttons reach the API with that token.
 * Leaves a screenshot in {@code target/ui/operator-page.png}.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = OperatorPageIT.DB),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "SYNC_CATEGORIES_INTERVAL_MINUTES", value = "1440"),
    @ResourceArg(name = "sync.api.auth", value = "required"),
    @ResourceArg(name = "sync.api.operator-token", value = OperatorPageIT.OPERATOR),
    @ResourceArg(name = "sync.api.viewer-token", value = OperatorPageIT.VIEWER)})
class OperatorPageIT {

    static final String DB = "mms_operator_page";
    static final String OPERATOR = "op-page-5c1e9a7b3d2f4e60a8b1";
    static final String VIEWER = "vw-page-0f2d4b6a8c1e3f5a7b9d";
    static final Path SCREENSHOT = Path.of("target", "ui", "operator-page.png");
    static final Path LOADING_SCREENSHOT = Path.of("target", "ui", "operator-page-loading.png");

    @TestHTTPResource("/")
    URL page;

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    @Inject
    BulkUpserter writer;

    @Test
    @Order(1)
    void thePageAndItsAssetsArePublicWhileTheApiStaysLocked() {
        Response html = given().get("/");
        assertEquals(200, html.statusCode());
        assertTrue(html.contentType().startsWith("text/html"), html.contentType());
        assertTrue(html.asString().contains("operator.js"), "the page loads its script");
        for (String asset : new String[] {"/operator.js", "/operator.css", "/index.html"}) {
            assertEquals(200, given().get(asset).statusCode(), asset);
        }
        assertEquals(401, given().get("/sync/status").statusCode());
        assertEquals(401, given().post("/sync/pause").statusCode());
        assertEquals(200, viewer().get("/sync/status").statusCode());
    }

    @Test
    @Order(2)
    void thePageShowsTheSyncAndItsButtonsReachTheApiWithThePastedToken() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO categories (id, name, slug) SELECT seq, CONCAT('Category ', seq),"
                + " CONCAT('c-', seq) FROM seq_1_to_12");
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, category_id, price) SELECT seq, CONCAT('SKU-', seq),"
                + " CONCAT('Product ', seq), 1 + seq % 12, seq + 0.99 FROM seq_1_to_250");
        operator().post("/sync/trigger").then().statusCode(202);
        awaitIdle();
        operator().post("/sync/verify").then().statusCode(202);
        awaitIdle();
        // A conflict: product 7 changes in MariaDB, and then its document is edited in MongoDB (newer-wins keeps the edit).
        TestDatabase.exec(DB, "UPDATE products SET price = 99.00 WHERE id = 7");
        // the edit below is newer than the row's change
        await().atMost(Duration.ofSeconds(5)).until(() -> TestDatabase.scalar(DB,
                "SELECT FLOOR(UNIX_TIMESTAMP(updated_at) * 1000) FROM products WHERE id = 7") < System.currentTimeMillis());
        mongo.getDatabase("t_" + DB).getCollection("products").updateOne(Filters.eq("_id", 7L),
                Updates.combine(Updates.set("name", "Product 7 (edited in MongoDB)"), Updates.set("updated_at", new Date())));
        operator().post("/sync/trigger").then().statusCode(202);
        awaitIdle();
        assertEquals(1, viewer().get("/sync/conflicts").jsonPath().getInt("total"), "one conflict recorded");
        Map<String, Object> tables = viewer().get("/sync/status").jsonPath().getMap("tables");
        assertEquals(Integer.valueOf(250), ((Map<?, ?>) tables.get("products")).get("rows_total"), "documents of products");

        try (HeadlessChromium browser = HeadlessChromium.start(1360, 900)) {
            browser.open(page.toString());
            // No token yet: the API refuses the page, which says what to do.
            browser.await("document.getElementById('message').textContent.includes('401')", Duration.ofSeconds(15));

            // The operator pastes the token and presses "Use token".
            browser.evaluate("document.getElementById('token').value = '" + OPERATOR + "';"
                    + " document.querySelector('#token-form button[type=submit]').click(); true");
            browser.await("document.querySelectorAll('#tables tr[data-table]').length == 2", Duration.ofSeconds(15));
            browser.await("document.querySelector('#verification table') !== null", Duration.ofSeconds(15));
            browser.await("document.querySelectorAll('#runs tbody tr').length >= 1 && !document.querySelector('#runs tbody td[colspan]')", Duration.ofSeconds(15));

            for (String table : new String[] {"products", "categories"}) {
                JsonNode row = browser.evaluate("(() => { const r = document.querySelector('#tables tr[data-table="
                        + table + "]'); return Array.from(r.cells).map(c => c.innerText.trim()); })()");
                assertEquals(table, row.get(0).asText());
                assertEquals(expectedState(table), row.get(2).asText(), "state of " + table + ": " + row);
                assertEquals(table.equals("products") ? "250" : "12", row.get(4).asText(), "documents of " + table);
                assertEquals("success", row.get(6).asText(), "last result of " + table + ": " + row);
                assertTrue(row.get(7).asText().endsWith(table.equals("products") ? "every 60 min" : "every 1440 min (own)"),
                        "the schedule of " + table + ": its own interval or the default: " + row);
            }
            browser.await("document.querySelector('#conflicts table') !== null", Duration.ofSeconds(15));
            JsonNode conflict = browser.evaluate("Array.from(document.querySelectorAll('#conflicts tbody tr td'))"
                    + ".map(c => c.innerText.trim())");
            assertTrue(conflict.get(0).asText().matches("\\d{1,2}:\\d{2}:\\d{2}.*ago\\)"), "detected at: " + conflict);
            assertEquals("products", conflict.get(1).asText(), "conflict row: " + conflict);
            assertEquals("7", conflict.get(2).asText(), "conflict row: " + conflict);
            assertEquals("target", conflict.get(3).asText(), "conflict row: " + conflict);
            assertEquals("newer-wins", conflict.get(4).asText(), "conflict row: " + conflict);
            // The Recent events panel: the runs' events, recorded without a webhook.
            browser.await("Array.from(document.querySelectorAll('#events tbody tr')).some(r =>"
                    + " r.innerText.includes('run.finished') && r.innerText.includes('not_sent')"
                    + " && r.innerText.includes('counts.read='))", Duration.ofSeconds(15));
            String verification = browser.evaluate("document.getElementById('verification').innerText").asText();
            assertTrue(verification.contains("products") && verification.contains("250"), verification);
            String overall = browser.evaluate("document.getElementById('overall').textContent").asText();
            assertEquals(expectedOverall(), overall);
            browser.screenshot(SCREENSHOT);
            assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT);

            // Resume through the API first, so that the page's Pause button is enabled and a click changes the state.
            operator().post("/sync/resume").then().statusCode(200);
            browser.await("!document.getElementById('pause').disabled", Duration.ofSeconds(15));
            browser.evaluate("document.getElementById('pause').click(); true");
            awaitStatus("paused", true);
            browser.await("document.getElementById('message').textContent.startsWith('Paused')", Duration.ofSeconds(15));
            Document audit = mongo.getDatabase("t_" + DB).getCollection("_sync_audit")
                    .find(Filters.eq("action", "pause")).sort(Sorts.descending("at")).first();
            assertEquals("operator-token", audit.getString("who"), "the click carried the pasted token: " + audit);
            assertEquals(200, audit.getInteger("status"));

            long runsBefore = viewer().get("/sync/history?limit=100").jsonPath().getList("$").size();
            browser.evaluate("document.getElementById('trigger').click(); true");
            browser.await("document.getElementById('message').textContent.startsWith('Run ')", Duration.ofSeconds(15));
            awaitIdle();
            assertEquals(runsBefore + 1, viewer().get("/sync/history?limit=100").jsonPath().getList("$").size(),
                    "the Trigger button started a run");
        }
    }

    @Test
    @Order(3)
    void aTableBeingLoadedShowsAProgressBar() throws Exception {
        // A slow target: 250 products in pages of 50, 1.5 s per page, so the reload takes about 7 s.
        QuarkusMock.installMockForType(new SlowUpserter(ClientProxy.unwrap(writer), 1500), BulkUpserter.class);
        try (HeadlessChromium browser = HeadlessChromium.start(1360, 900)) {
            browser.open(page.toString());
            browser.evaluate("document.getElementById('token').value = '" + OPERATOR + "';"
                    + " document.querySelector('#token-form button[type=submit]').click(); true");
            browser.await("document.querySelectorAll('#tables tr[data-table]').length == 2", Duration.ofSeconds(15));
            assertEquals(0, browser.evaluate("document.querySelectorAll('#tables .progress').length").asInt(),
                    "no progress bar while nothing is copied");

            operator().contentType("application/json").body("{\"tables\": [\"products\"], \"force_full_sync\": true}")
                    .post("/sync/trigger").then().statusCode(202);
            browser.await("document.querySelector('#tables tr[data-table=products] .progress') !== null",
                    Duration.ofSeconds(20));
            JsonNode bar = browser.evaluate("(() => { const r = document.querySelector('#tables tr[data-table=products]');"
                    + " return {state: r.cells[2].innerText.trim(), bar: r.querySelector('.progress').innerText.trim(),"
                    + " categories: document.querySelectorAll('#tables tr[data-table=categories] .progress').length}; })()");
            assertTrue(bar.path("bar").asText().matches("\\d+%.*"), "progress bar text: " + bar);
            assertEquals(0, bar.path("categories").asInt(), "categories is not being copied: " + bar);
            assertFalse(bar.path("state").asText().isBlank(), bar.toString());
            browser.screenshot(LOADING_SCREENSHOT);

            awaitIdle();
            browser.await("document.querySelectorAll('#tables .progress').length == 0", Duration.ofSeconds(15));
        }
    }

    @Test
    @Order(4)
    void aViewerTokenCannotPauseAndThePageSaysSo() throws Exception {
        operator().post("/sync/resume").then().statusCode(200);
        try (HeadlessChromium browser = HeadlessChromium.start(1360, 900)) {
            browser.open(page.toString());
            browser.evaluate("document.getElementById('token').value = '" + VIEWER + "';"
                    + " document.querySelector('#token-form button[type=submit]').click(); true");
            browser.await("document.querySelectorAll('#tables tr[data-table]').length == 2"
                    + " && !document.getElementById('pause').disabled", Duration.ofSeconds(15));
            browser.evaluate("document.getElementById('pause').click(); true");
            browser.await("document.getElementById('message').textContent.startsWith('403')", Duration.ofSeconds(15));
            assertFalse(viewer().get("/sync/status").jsonPath().getBoolean("paused"), "a viewer cannot pause");
        }
    }

    /** The table state the page should show: the API's own {@code state} when it sends one, else derived. */
    private static String expectedState(String table) {
        Object state = ((Map<?, ?>) viewer().get("/sync/status").jsonPath().getMap("tables").get(table)).get("state");
        return state == null ? "idle" : state.toString();
    }

    private static String expectedOverall() {
        Map<String, Object> s = viewer().get("/sync/status").jsonPath().getMap("$");
        if (s.get("state") != null) {
            return s.get("state").toString();
        }
        return Boolean.TRUE.equals(s.get("paused")) ? "PAUSED" : "RUNNING";
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(90));
    }

    private static void awaitStatus(String field, boolean value) {
        await("/sync/status " + field + " is " + value).atMost(Duration.ofSeconds(10))
                .until(() -> viewer().get("/sync/status").jsonPath().getBoolean(field) == value);
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + OPERATOR);
    }

    private static io.restassured.specification.RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + VIEWER);
    }
}
