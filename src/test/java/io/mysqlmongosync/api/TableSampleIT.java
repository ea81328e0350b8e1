package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sync/tables/{table}/sample}: source rows next to the documents they became (products.sku is
 * protected by masking, so its clear value must not show).
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_sample"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,order_items"),
    @ResourceArg(name = "SYNC_PROTECT_PRODUCTS", value = "sku:mask"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class TableSampleIT {

    static final String DB = "mms_sample";

    @Inject
    SyncEngine engine;

    @Test
    @SuppressWarnings("unchecked")
    void returnsMatchingPairsAndRejectsBadLimits() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, price, cost, is_active, stock_flags, checksum,"
                + " release_date, attributes) VALUES (1, 'SKU-1', 'Lamp', 1234567890.99, 0.000000000000000000000000000001,"
                + " 1, b'101', x'DEADBEEF', '2024-02-29', '{\"color\":\"red\"}')");
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, price) SELECT seq, CONCAT('S', seq), CONCAT('p', seq),"
                + " seq + 0.25 FROM seq_2_to_12");
        TestDatabase.exec(DB, "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES"
                + " (7, 2, 1, 3, 9.90), (7, 1, 2, 1, 4.00), (8, 1, 3, 2, 1.00)");
        RunResult run = engine.run("manual", List.of(), false);
        assertEquals("success", run.status(), run.toString());
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, price) VALUES (13, 'S13', 'not synced yet', 1.00)");

        List<Map<String, Object>> sample = given().get("/sync/tables/products/sample?limit=3").then().statusCode(200)
                .contentType(ContentType.JSON).body("$", hasSize(3)).extract().jsonPath().getList("$");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> e = sample.get(i);
            Map<String, Object> row = (Map<String, Object>) e.get("source_row");
            Map<String, Object> doc = (Map<String, Object>) e.get("document");
            assertEquals(i + 1, e.get("key"), "first rows by primary key");
            assertEquals(i + 1, row.get("id"));
            assertEquals(i + 1, doc.get("_id"));
            assertEquals(row.get("name"), doc.get("name"));
            assertEquals(Map.of("$numberDecimal", row.get("price")), doc.get("price"), "DECIMAL stays exact on both sides");
        }
        Map<String, Object> lamp = (Map<String, Object>) sample.get(0).get("source_row");
        assertEquals("1234567890.99", lamp.get("price"));
        assertEquals("0.000000000000000000000000000001", lamp.get("cost"), "exact decimal text, not 1E-30");
        assertEquals(5, lamp.get("stock_flags"));
        assertEquals("3q2+7w==", lamp.get("checksum"), "binary as base64");
        assertEquals("2024-02-29", lamp.get("release_date"));
        assertEquals("{\"color\":\"red\"}", lamp.get("attributes"));
        Map<String, Object> lampDoc = (Map<String, Object>) sample.get(0).get("document");
        assertEquals(Map.of("color", "red"), lampDoc.get("attributes"));
        assertEquals("products", ((Map<String, Object>) lampDoc.get("_sync")).get("table"));
        assertEquals("(protected)", lamp.get("sku"), "a protected column is not shown in clear");
        assertTrue(!"SKU-1".equals(lampDoc.get("sku")) && String.valueOf(lampDoc.get("sku")).contains("*"),
                "the document shows the stored (masked) form: " + lampDoc.get("sku"));

        given().get("/sync/tables/products/sample").then().statusCode(200).body("$", hasSize(10));
        List<Map<String, Object>> all = given().get("/sync/tables/products/sample?limit=100").then().statusCode(200)
                .body("$", hasSize(13)).extract().jsonPath().getList("$");
        assertEquals(13, all.get(12).get("key"));
        assertNull(all.get(12).get("document"), "a row not synced yet has no document");

        List<Map<String, Object>> items = given().get("/sync/tables/order_items/sample").then().statusCode(200)
                .body("$", hasSize(3)).extract().jsonPath().getList("$");
        assertEquals(Map.of("order_id", 7, "line_no", 1), items.get(0).get("key"));
        assertEquals(Map.of("order_id", 7, "line_no", 1), ((Map<String, Object>) items.get(0).get("document")).get("_id"));
        assertEquals(Map.of("order_id", 8, "line_no", 1), items.get(2).get("key"));

        for (String bad : List.of("101", "0", "-1", "abc", "1.5")) {
            given().get("/sync/tables/products/sample?limit=" + bad).then().statusCode(400)
                    .contentType(ContentType.JSON).body("error", equalTo("bad_request"))
                    .body("message", containsString("limit must be a whole number from 1 to 100"));
        }
        given().get("/sync/tables/nope/sample").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"));
        // The more specific path does not shadow the table list.
        given().get("/sync/tables").then().statusCode(200).body("name", containsInAnyOrder("products", "order_items"));
    }
}
