package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** Every MySQL type of the type table of docs/TYPES.md lands in MongoDB with the exact BSON type and value. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_types"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories,customers,orders,order_items,inventory"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class TypeMappingIT extends EngineFixture {

    static final String DB = "mms_types";

    @Test
    void everyTypeLandsExactly() throws Exception {
        EveryTypeProducts.insert(DB);

        RunResult run = engine.run("manual", List.of("products"), false);
        assertEquals("success", run.status(), run.toString());

        Document p = coll("products").find(new Document("_id", 1L)).first();
        assertEquals(1L, p.get("_id"));
        assertEquals(new Decimal128(new BigDecimal("1234567890.99")), p.get("price"));
        // 65 significant digits cannot be a Decimal128: kept exact as a string, counted as a warning
        assertEquals("12345678901234567890123456789012345.123456789012345678901234567890", p.get("cost"));
        assertEquals(1L, run.tables().get(0).warnings());
        assertEquals(1.1, (Double) p.get("weight"), 0.0);
        assertEquals(4.25, p.get("rating"));
        assertEquals(Boolean.TRUE, p.get("is_active"));
        assertEquals(255, p.get("small_count"));
        assertEquals(0b10100101L, p.get("stock_flags"));
        assertEquals(Boolean.TRUE, p.get("is_featured"));
        assertEquals("active", p.get("status"));
        assertEquals(List.of("new", "eco"), p.get("tags"));
        Document attributes = p.get("attributes", Document.class);
        assertEquals("red", attributes.get("color"));
        assertEquals(List.of(1, 2.5), attributes.get("dims"));
        assertEquals(Boolean.TRUE, attributes.get("ok"));
        assertEquals(new Binary(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}), p.get("image"));
        assertEquals(new Binary(new byte[] {0, 1, 2, 3}), p.get("checksum"));
        assertEquals(Date.from(Instant.parse("2024-02-29T00:00:00Z")), p.get("release_date"));
        assertEquals(2024, p.get("release_year"));
        assertEquals("12:34:56.123456", p.get("available_from"));
        assertEquals(new Document("type", "Point").append("coordinates", List.of(13.4, 52.5)), p.get("location"));
        assertEquals(new Decimal128(new BigDecimal("18446744073709551615")), p.get("views"));
        assertEquals(4294967295L, p.get("stock_units"));
        assertEquals(Date.from(Instant.parse("2024-01-02T03:04:05.123Z")), p.get("created_at"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123456Z").toEpochMilli() * 1000 + 456, p.get("created_at_micros"));
        Document sync = p.get("_sync", Document.class);
        assertEquals("products", sync.get("table"));
        assertEquals(1704164645654321L, sync.get("version"));
        assertInstanceOf(Date.class, sync.get("synced_at"));

        // The Panache model reads the same document with exact types.
        io.mysqlmongosync.testing.model.Product typed = io.mysqlmongosync.testing.model.Product.findById(1L);
        assertEquals(new BigDecimal("1234567890.99"), typed.price);
        assertEquals(Boolean.TRUE, typed.isActive);
        assertEquals(1704164645654321L, typed.sync.version);

        Document n = coll("products").find(new Document("_id", 2L)).first();
        assertTrue(n.containsKey("description"));
        assertNull(n.get("description"));
        assertNull(n.get("location"));
        assertEquals(Boolean.FALSE, n.get("is_active"));
        assertEquals(9223372036854775807L, n.get("views"));
        assertEquals(List.of(), n.get("tags"));
        assertEquals(new Decimal128(new BigDecimal("0.10")), n.get("price"));
        // DECIMAL(65,30) that fits 34 digits: exact, with the column's scale
        assertEquals(new Decimal128(new BigDecimal("1.500000000000000000000000000000")), n.get("cost"));
        assertFalse(n.get("_sync", Document.class).getString("hash").isEmpty());
    }

    @Test
    void zeroDateBecomesNullAndIsCounted() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO customers (id, email, name, birth_date, created_at) VALUES "
                + "(1, 'ann@example.com', 'Ann', '1990-05-17', '2024-03-01 10:00:00.250')");
        try (var c = TestDatabase.connect(DB); var s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("INSERT INTO customers (id, email, name, birth_date, created_at) VALUES "
                    + "(2, 'bob@example.com', 'Bob', '0000-00-00', '2024-03-01 10:00:00.500')");
        }
        RunResult run = engine.run("manual", List.of("customers"), false);
        assertEquals("success", run.status(), run.toString());
        Document bob = coll("customers").find(new Document("_id", 2)).first();
        assertTrue(bob.containsKey("birth_date"));
        assertNull(bob.get("birth_date"));
        assertEquals(1L, run.tables().get(0).warnings());
        Document ann = coll("customers").find(new Document("_id", 1)).first();
        assertEquals(Date.from(Instant.parse("1990-05-17T00:00:00Z")), ann.get("birth_date"));
        // TIMESTAMP(3): milliseconds only, so no _micros sibling
        assertEquals(Date.from(Instant.parse("2024-03-01T10:00:00.250Z")), ann.get("created_at"));
        assertFalse(ann.containsKey("created_at_micros"));
    }

    @Test
    void rowThatCannotBeConvertedIsSkippedAndCountedOthersOfThePageLand() throws Exception {
        try (var c = TestDatabase.connect(DB); var s = c.createStatement()) {
            // MariaDB keeps 2024-02-30 under ALLOW_INVALID_DATES; java.time refuses it (DateTimeException).
            s.execute("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
            s.execute("INSERT INTO customers (id, email, name, birth_date) VALUES "
                    + "(30, 'a30@example.com', 'Ada', '1990-01-01'), (31, 'b31@example.com', 'Bea', '2024-02-30'), "
                    + "(32, 'c32@example.com', 'Cy', '1985-12-24')");
        }
        String metricsBefore = given().get("/q/metrics").then().statusCode(200).extract().asString();
        RunResult run = engine.run("manual", List.of("customers"), false);
        TableResult r = run.tables().get(0);
        assertEquals("success", r.status(), r.toString());
        assertEquals(1, r.skipped(), r.toString());
        assertNull(coll("customers").find(new Document("_id", 31)).first(), "the bad row is skipped");
        assertEquals(Date.from(Instant.parse("1990-01-01T00:00:00Z")),
                coll("customers").find(new Document("_id", 30)).first().get("birth_date"));
        assertEquals(Date.from(Instant.parse("1985-12-24T00:00:00Z")),
                coll("customers").find(new Document("_id", 32)).first().get("birth_date"), "the row after it lands");
        String metricsAfter = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(conversionRejections(metricsBefore) + 1, conversionRejections(metricsAfter), metricsAfter);
    }

    private static double conversionRejections(String metrics) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("sync_validation_failures_total{") && line.contains("table=\"customers\"")
                    && line.contains("kind=\"rejected\"") && line.contains("rule=\"conversion\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void rowFailingValidationIsSkippedAndCountedOthersLand() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO orders (id, customer_id, total_amount) VALUES (1, 10, 99.50), (2, NULL, 5.00),"
                + " (3, 11, -1.00), (4, 12, 0.00)");
        RunResult run = engine.run("manual", List.of("orders"), false);
        TableResult r = run.tables().get(0);
        assertEquals("success", r.status());
        assertEquals(2, r.skipped());
        assertEquals(2, r.created());
        assertEquals(2, coll("orders").countDocuments());
        assertTrue(coll("orders").find(new Document("_id", 2L)).first() == null);
        assertTrue(coll("orders").find(new Document("_id", 3L)).first() == null);
    }

    @Test
    void compositeKeyBecomesSubDocumentAndUpdatesInPlace() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES "
                + "(100, 1, 1, 2, 9.99), (100, 2, 2, 1, 19.99), (101, 1, 1, 5, 9.99)");
        engine.run("manual", List.of("order_items"), false);
        MongoCollection<Document> items = coll("order_items");
        assertEquals(3, items.countDocuments());
        Document id = new Document("order_id", 100L).append("line_no", 2);
        assertEquals(1, items.find(new Document("_id", id)).first().get("quantity"));

        TestDatabase.exec(DB, "UPDATE order_items SET quantity = 7 "
                + "WHERE order_id = 100 AND line_no = 2");
        RunResult second = engine.run("manual", List.of("order_items"), false);
        assertEquals(3, items.countDocuments());
        assertEquals(7, items.find(new Document("_id", id)).first().get("quantity"));
        assertEquals(1, second.tables().get(0).updated());
        assertEquals(0, second.tables().get(0).created());

        TestDatabase.exec(DB, "INSERT INTO inventory (product_id, warehouse, quantity) VALUES (1, 'BER', 5)");
        engine.run("manual", List.of("inventory"), false);
        io.mysqlmongosync.testing.model.InventoryItem item = io.mysqlmongosync.testing.model.InventoryItem.findAll()
                .firstResult();
        assertEquals(1L, item.id.productId);
        assertEquals("BER", item.id.warehouse);
        assertEquals(5, item.quantity);
    }
}
