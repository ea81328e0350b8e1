package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** Verification finds exactly the corrupted keys; repair brings the target back to zero differences. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_verify"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.batch-size", value = "7"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class VerifyRepairIT {

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    @Test
    void verifyReportsExactlyTheCorruptedKeysAndRepairFixesThem() throws Exception {
        TestDatabase.exec("mms_verify", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), seq + 0.25"
                + " FROM seq_1_to_50");
        given().post("/sync/trigger").then().statusCode(202);
        awaitIdle();

        JsonPath clean = verify("/sync/verify");
        assertEquals(50, clean.getInt("tables.products.matching"));
        assertEquals(0, clean.getInt("tables.products.missing") + clean.getInt("tables.products.extra")
                + clean.getInt("tables.products.different"));

        MongoCollection<Document> products = mongo.getDatabase("t_mms_verify").getCollection("products");
        products.deleteOne(new Document("_id", 3));
        products.deleteOne(new Document("_id", 4));
        products.updateOne(new Document("_id", 5), Updates.set("price", new Decimal128(new BigDecimal("99.99"))));
        products.insertOne(new Document("_id", 999).append("name", "ghost"));

        JsonPath corrupt = verify("/sync/verify");
        assertEquals(47, corrupt.getInt("tables.products.matching"));
        assertEquals(2, corrupt.getInt("tables.products.missing"));
        assertEquals(1, corrupt.getInt("tables.products.different"));
        assertEquals(1, corrupt.getInt("tables.products.extra"));
        assertEquals(List.of(3, 4), corrupt.getList("tables.products.sample_missing"));
        assertEquals(List.of(5), corrupt.getList("tables.products.sample_different"));
        assertEquals(List.of(999), corrupt.getList("tables.products.sample_extra"));

        JsonPath repaired = verify("/sync/repair");
        assertEquals(4, repaired.getInt("tables.products.repaired"));
        JsonPath after = verify("/sync/verify");
        assertEquals(50, after.getInt("tables.products.matching"));
        assertEquals(0, after.getInt("tables.products.missing") + after.getInt("tables.products.extra")
                + after.getInt("tables.products.different"));
        assertEquals(new Decimal128(new BigDecimal("5.25")), products.find(new Document("_id", 5)).first().get("price"));
    }

    private JsonPath verify(String path) throws InterruptedException {
        given().post(path).then().statusCode(202);
        awaitIdle();
        JsonPath result = given().get("/sync/verification").then().statusCode(200).extract().jsonPath();
        assertEquals("done", result.getString("status"), result.prettify());
        return result;
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(30));
    }
}
