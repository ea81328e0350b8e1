package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** ALTER TABLE between runs: added, dropped and changed columns are followed; an unsafe change blocks the table. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_drift"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class SchemaDriftIT extends EngineFixture {

    static final String DB = "mms_drift";

    MongoCollection<Document> products() {
        return coll("products");
    }

    TableResult run() throws Exception {
        return pass("products");
    }

    @Test
    void addDropModifyAreFollowedAndAKeyTypeChangeBlocksTheTable() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'lamp', 2.50)");
        assertEquals("success", run().status());

        TestDatabase.exec(DB, "ALTER TABLE products ADD COLUMN color VARCHAR(20) NOT NULL DEFAULT 'red'");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, color) VALUES (2, 'desk', 9.00, 'blue')");
        assertEquals("success", run().status());
        assertEquals("blue", products().find(new Document("_id", 2)).first().get("color"));
        assertFalse(products().find(new Document("_id", 1)).first().containsKey("color"),
                "no back-fill unless SYNC_BACKFILL_ADDED_COLUMNS=true");

        TestDatabase.exec(DB, "ALTER TABLE products DROP COLUMN color");
        TestDatabase.exec(DB, "UPDATE products SET name = 'desk 2' WHERE id = 2");
        assertEquals("success", run().status());
        assertFalse(products().find(new Document("_id", 2)).first().containsKey("color"), "dropped column not written");

        TestDatabase.exec(DB, "ALTER TABLE products MODIFY COLUMN price DECIMAL(12,4) NOT NULL");
        TestDatabase.exec(DB, "UPDATE products SET price = 9.1234 WHERE id = 2");
        assertEquals("success", run().status());
        assertEquals(new Decimal128(new BigDecimal("9.1234")), products().find(new Document("_id", 2)).first().get("price"));

        List<Map<String, Object>> drift = given().get("/sync/tables").then().statusCode(200).extract().jsonPath()
                .getList("find { it.name == 'products' }.schema_drift");
        assertEquals(List.of("added", "dropped", "modified"), drift.stream().map(e -> e.get("change")).toList());
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("sync_schema_drift_total{change=\"added\",table=\"products\"} 1.0"), metrics);

        TestDatabase.exec(DB, "ALTER TABLE products MODIFY COLUMN id VARCHAR(20) NOT NULL");
        TableResult blocked = run();
        assertEquals("blocked", blocked.status());
        assertTrue(blocked.error().contains("id"), blocked.error());
        assertEquals("blocked", run().status(), "stays blocked on the next run");
        assertNotNull(given().get("/sync/tables").then().extract().jsonPath()
                .getString("find { it.name == 'products' }.blocked"));

        given().post("/sync/reset/products").then().statusCode(200);
        assertEquals("success", run().status(), "a reset reloads the table with the new key type");
        assertNotNull(products().find(new Document("_id", "2")).first());
    }
}
