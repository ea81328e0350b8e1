package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.WallClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mapping file (src/test/resources/mapping/modeling.yaml) drives the documents: order items embedded in their
 * order and kept in step row by row, categories copied into products and fanned out on change, renames, drops,
 * computed fields, type overrides and validation rules — all through REST-triggered runs. No look-back, so a
 * document changes only when the sync writes it for a reason.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_modeling"),
    @ResourceArg(name = "schema", value = "/db/modeling.sql"),
    @ResourceArg(name = "tables", value = "products,orders,customers,reviews"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/modeling.yaml"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.reconcile-every-runs", value = "1"),
    @ResourceArg(name = "sync.batch-size", value = "2")})
class DocumentModelingIT extends EngineFixture {

    static final String DB = "mms_modeling";
    static LogCapture logs;

    @Inject
    SyncController controller;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.of(PageWriter.class);
    }

    @AfterAll
    static void stopCapture() {
        logs.detach();
    }

    void run() {
        WallClock.awaitNextMillisecond(); // rows written in this millisecond are after the frozen upper bound of no run
        given().contentType("application/json").body("{}").post("/sync/trigger").then().statusCode(202);
        awaitRunEnded();
        given().get("/sync/history").then().statusCode(200);
    }

    void awaitRunEnded() {
        await("the run finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> controller.activeRun() == null);
    }

    static List<Integer> lines(Document order) {
        return order.getList("items", Document.class).stream().map(i -> i.getInteger("line_no")).toList();
    }

    @Test
    void orderItemsAreEmbeddedAndEachItemChangeTouchesOnlyItsOrder() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO orders (id, customer_id, total_amount) VALUES (1, 7, 30.00), (2, 8, 5.00)");
        TestDatabase.exec(DB, "INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES "
                + "(1, 1, 'A', 1, 10.00), (1, 2, 'B', 2, 5.00), (1, 3, 'C', 1, 10.00), (2, 1, 'D', 1, 5.00)");
        run();
        Document order = coll("orders").find(new Document("_id", 1L)).first();
        assertNotNull(order);
        assertEquals(List.of(1, 2, 3), lines(order), "one document with its 3 items, in key order");
        Document item2 = order.getList("items", Document.class).get(1);
        assertEquals(new Decimal128(new BigDecimal("10.00")), item2.get("line_total"), "computed per item: 2 x 5.00");
        assertFalse(item2.containsKey("updated_at"), "dropped from the items");
        assertEquals(2, item2.getInteger("quantity"));
        assertEquals(1, coll("orders").find(new Document("_id", 2L)).first().getList("items", Document.class).size());
        assertEquals(0, mongo.getDatabase("t_" + DB).listCollectionNames().into(new ArrayList<>()).stream()
                .filter(n -> n.equals("order_items")).count(), "embedded-only tables get no collection of their own");
        Document other = coll("orders").find(new Document("_id", 2L)).first();

        TestDatabase.exec(DB, "UPDATE order_items SET quantity = 5 WHERE order_id = 1 AND line_no = 2");
        run();
        order = coll("orders").find(new Document("_id", 1L)).first();
        assertEquals(5, order.getList("items", Document.class).get(1).getInteger("quantity"));
        assertEquals(new Decimal128(new BigDecimal("25.00")), order.getList("items", Document.class).get(1).get("line_total"));
        assertEquals(other, coll("orders").find(new Document("_id", 2L)).first(), "the other order is not rewritten");

        TestDatabase.exec(DB, "INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES (1, 4, 'E', 3, 1.00)");
        run();
        assertEquals(List.of(1, 2, 3, 4), lines(coll("orders").find(new Document("_id", 1L)).first()));
        assertEquals(other, coll("orders").find(new Document("_id", 2L)).first(), "the other order is not rewritten");

        TestDatabase.exec(DB, "DELETE FROM order_items WHERE order_id = 1 AND line_no = 1");
        run();
        order = coll("orders").find(new Document("_id", 1L)).first();
        assertEquals(List.of(2, 3, 4), lines(order), "the deleted item leaves the array (reconciliation pass)");
        assertEquals(other, coll("orders").find(new Document("_id", 2L)).first(), "the other order is not rewritten");
        assertEquals(7, order.getInteger("customer_id"), "the order's own fields are kept by the item refresh");

        assertVerified("orders");

        // An item breaking its rule (quantity >= 1) is left out of the array, logged with its table and key.
        TestDatabase.exec(DB, "INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES (2, 2, 'F', 0, 1.00)");
        run();
        assertEquals(List.of(1), lines(coll("orders").find(new Document("_id", 2L)).first()));
    }

    @Test
    void aChildRowThatCannotBeConvertedIsSkippedAndCountedAndItsOrderStillLands() throws Exception {
        LogCapture embedderLogs = LogCapture.of(io.mysqlmongosync.source.RelatedRows.class);
        try {
            double before = metric("order_items", "rejected", "conversion");
            TestDatabase.exec(DB, "INSERT INTO orders (id, customer_id, total_amount) VALUES (50, 7, 3.00), (51, 8, 1.00)");
            try (var c = TestDatabase.connect(DB); var st = c.createStatement()) {
                // MariaDB stores 2024-02-30 under ALLOW_INVALID_DATES; java.time refuses it (DateTimeException).
                st.execute("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
                st.execute("INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price, shipped_on) VALUES "
                        + "(50, 1, 'A', 1, 1.00, '2024-02-29'), (50, 2, 'B', 1, 2.00, '2024-02-30'), "
                        + "(51, 1, 'C', 1, 1.00, NULL)");
            }
            run();
            Document order = coll("orders").find(new Document("_id", 50L)).first();
            assertNotNull(order, "the order of the bad child row is written");
            assertEquals(List.of(1), lines(order), "only the convertible item is embedded");
            assertEquals(Date.from(Instant.parse("2024-02-29T00:00:00Z")),
                    order.getList("items", Document.class).get(0).get("shipped_on"));
            assertEquals(List.of(1), lines(coll("orders").find(new Document("_id", 51L)).first()),
                    "the other order of the page is written");
            // Counted each time it is read: by the order_items pass and by the reads that embed it into orders.
            assertTrue(metric("order_items", "rejected", "conversion") >= before + 1, "the skipped row is counted");
            assertTrue(embedderLogs.messages().stream().anyMatch(m -> m.startsWith(
                    "Skipped row of table order_items while embedding it")), String.join("\n", embedderLogs.messages()));
        } finally {
            embedderLogs.detach();
        }
    }

    @Test
    void categoryIsCopiedIntoProductsAndARenameReachesAllOfThem() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO categories (id, name, slug) VALUES (10, 'Lamps', 'lamps'), (11, 'Chairs', 'chairs')");
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, category_id, price, cost) VALUES "
                + "(100, 'l-1', 'Desk lamp', 10, 20.00, 8.00), (101, 'l-2', 'Floor lamp', 10, 50.00, 20.00), "
                + "(102, 'c-1', 'Stool', 11, 30.00, 12.00), (103, 'x-1', 'Loose', NULL, 1.00, 0.50)");
        run();
        for (long id : new long[] {100, 101}) {
            assertEquals(new Document("name", "Lamps").append("slug", "lamps"),
                    coll("catalog_products").find(new Document("_id", id)).first().get("category"));
        }
        assertNull(coll("catalog_products").find(new Document("_id", 103L)).first().get("category"));
        Document stool = coll("catalog_products").find(new Document("_id", 102L)).first();

        TestDatabase.exec(DB, "UPDATE categories SET name = 'Lighting', slug = 'lighting' WHERE id = 10");
        run();
        for (long id : new long[] {100, 101}) {
            assertEquals(new Document("name", "Lighting").append("slug", "lighting"),
                    coll("catalog_products").find(new Document("_id", id)).first().get("category"),
                    "the rename is fanned out to every product of the category");
        }
        assertEquals(stool, coll("catalog_products").find(new Document("_id", 102L)).first(),
                "products of other categories are untouched");
        assertVerified("products");
        assertTrue(coll("catalog_products").listIndexes().into(new ArrayList<>()).stream()
                .anyMatch(i -> new Document("category_id", 1).equals(i.get("key"))),
                "the fan-out field is indexed: " + coll("catalog_products").listIndexes().into(new ArrayList<>()));
    }

    /** Verification rebuilds every document from MySQL (embedded copies included) and compares stored content. */
    void assertVerified(String table) {
        given().contentType("application/json").body("{\"tables\": [\"" + table + "\"]}").post("/sync/verify")
                .then().statusCode(202);
        awaitRunEnded();
        var v = given().get("/sync/verification").then().statusCode(200).extract().jsonPath();
        assertEquals("done", v.getString("status"), v.prettify());
        assertEquals(0, v.getInt("tables." + table + ".missing") + v.getInt("tables." + table + ".different")
                + v.getInt("tables." + table + ".extra"), v.prettify());
        assertTrue(v.getInt("tables." + table + ".matching") > 0, v.prettify());
    }

    @Test
    void renamesDropsComputedFieldsAndTypeOverridesShapeTheDocument() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, price, cost, weight_grams, postal_code, internal_note,"
                + " created_at) VALUES (200, 'ab-9', 'Lamp', 12.50, 4.25, 1500, '01234', 'secret', '2024-03-05 10:00:00')");
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, price, cost, postal_code) VALUES (201, 'ab-10', 'Bad zip', 1.00, 0.50, 'AB-1')");
        run();
        Document p = coll("catalog_products").find(new Document("_id", 200L)).first();
        assertNotNull(p);
        assertEquals("Lamp", p.get("title"));
        assertEquals("ab-9", p.get("product_code"));
        assertFalse(p.containsKey("name"), "renamed away");
        assertFalse(p.containsKey("sku"), "renamed away");
        assertFalse(p.containsKey("internal_note"), "dropped");
        assertEquals(new Decimal128(new BigDecimal("8.25")), p.get("margin"), "exact decimal arithmetic");
        assertEquals("AB-9: Lamp", p.get("label"));
        assertEquals(2024L, p.get("created_year"));
        assertEquals(new Decimal128(new BigDecimal("1.5")), p.get("weight_kg"));
        assertEquals(1234, p.get("postal_code"), "type override: int");
        assertEquals("4.25", p.get("cost"), "type override: string (exact)");
        assertEquals(new Decimal128(new BigDecimal("12.50")), p.get("price"), "fields without rules keep their type");
        assertTrue(p.get("created_at") instanceof Date);

        assertNull(coll("catalog_products").find(new Document("_id", 201L)).first(),
                "a value the type override cannot convert makes the row invalid");
        assertTrue(logged("Skipped row of table products (_id=201): postal_code as int: 'AB-1' is not a number"), logs());
        assertTrue(metric("products", "rejected", "postal_code.type") >= 1);
    }

    @Test
    void eachValidationRuleRejectsItsBadRowWithAMetricAndALogLine() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO customers (id, email, name, country, age) VALUES "
                + "(1, 'ann@example.com', 'Ann', 'DE', 30), "
                + "(2, NULL, 'Bob', 'FR', 40), "
                + "(3, 'not-an-email', 'Cid', 'NL', 50), "
                + "(4, 'dee@example.com', 'Dee', 'US', 35), "
                + "(5, 'eve@example.com', 'Evelyn-Alexandra', 'DE', 28), "
                + "(6, 'fay@example.com', 'Fay', 'DE', 12), "
                + "(7, 'gus@example.com', 'Gus', 'FR', 130), "
                + "(8, 'hal@example.com', 'H', 'NL', 60), "
                + "(9, 'ivy@example.com', 'Ivy', NULL, NULL)");
        run();
        assertEquals(List.of(1, 9), coll("customers").find().map(d -> d.getInteger("_id")).into(new ArrayList<>())
                .stream().sorted().toList(), "only the rows that pass every rule (absent optional values pass)");
        Map<Integer, String> expected = Map.of(
                2, "email.required", 3, "email.regex", 4, "country.enum", 5, "name.max_length",
                6, "age.min", 7, "age.max", 8, "name.min_length");
        for (Map.Entry<Integer, String> e : expected.entrySet()) {
            assertEquals(1.0, metric("customers", "rejected", e.getValue()), e.getValue());
            assertTrue(logged("Skipped row of table customers (_id=" + e.getKey() + "): "), logs());
        }
        assertTrue(logged("Skipped row of table customers (_id=3): email must match"), logs());
        assertTrue(logged("Skipped row of table customers (_id=4): country must be one of [DE, FR, NL] (was 'US')"), logs());
        assertTrue(logged("Skipped row of table customers (_id=6): age must be >= 18 (was 12)"), logs());

        // on_invalid: note writes the row with a _validation note instead.
        TestDatabase.exec(DB, "INSERT INTO reviews (id, product_id, rating, body) VALUES (1, 100, 4, 'ok'), (2, 100, 9, 'wow')");
        run();
        assertNull(coll("reviews").find(new Document("_id", 1)).first().get("_validation"));
        Document noted = coll("reviews").find(new Document("_id", 2)).first();
        assertNotNull(noted, "written despite the broken rule");
        assertEquals(List.of(new Document("rule", "rating.max").append("message", "rating must be <= 5 (was 9)")),
                noted.getList("_validation", Document.class));
        assertEquals(1.0, metric("reviews", "noted", "rating.max"));
    }

    @Test
    void theEffectiveMappingIsServed() {
        Map<String, Object> m = given().get("/sync/mapping").then().statusCode(200).extract().jsonPath().getMap("$");
        assertEquals("src/test/resources/mapping/modeling.yaml", m.get("file"));
        assertEquals(false, m.get("built_in"));
        List<Map<String, Object>> collections = (List<Map<String, Object>>) m.get("collections");
        Map<String, Object> products = collections.stream().filter(c -> "products".equals(c.get("table"))).findFirst()
                .orElseThrow();
        assertEquals("catalog_products", products.get("collection"));
        assertEquals(Map.of("name", "title", "sku", "product_code"), products.get("rename"));
        assertEquals("price - cost", ((Map<?, ?>) products.get("computed")).get("margin"));
        assertEquals(Map.of("required", true), ((Map<?, ?>) products.get("validate")).get("title"));
        Map<?, ?> embed = ((List<Map<?, ?>>) products.get("embed")).get(0);
        assertEquals("one", embed.get("type"));
        assertEquals("categories", embed.get("table"));
        List<Map<String, Object>> embedded = (List<Map<String, Object>>) m.get("embedded_tables");
        assertEquals(List.of("categories", "order_items"), embedded.stream().map(e -> e.get("table")).toList());
        assertEquals(List.of("products.category"), embedded.get(0).get("embedded_in"));
        assertEquals(List.of("orders.items"), embedded.get(1).get("embedded_in"));
    }

    static boolean logged(String start) {
        return logs.has(start);
    }

    static String logs() {
        return String.join("\n", logs.messages());
    }

    static double metric(String table, String kind, String rule) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith("sync_validation_failures_total{") && line.contains("table=\"" + table + "\"")
                    && line.contains("kind=\"" + kind + "\"") && line.contains("rule=\"" + rule + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
