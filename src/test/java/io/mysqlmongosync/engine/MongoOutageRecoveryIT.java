package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TcpProxy;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * How long a MongoDB outage costs after it ends, with the default time budgets (no timeout set by the test): MongoDB
 * goes silent (no FIN, no RST) for 60 s in the middle of a load while rows keep changing; once it answers again a
 * trigger is accepted within 30 s and the target equals the source within 60 s.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_outage"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mongoProxy", value = "true"),
    @ResourceArg(name = "sync.batch-size", value = "200"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class MongoOutageRecoveryIT {

    static final String DB = "mms_outage";
    static final int ROWS = 20_000;

    TestProxies proxies;

    @Inject
    SyncController controller;

    @Test
    void aSixtySecondSilenceMidPassIsForgottenWithinSecondsOfItsEnd() throws Exception {
        assertNotNull(proxies, "the test resource injects the MongoDB proxy");
        TcpProxy proxy = proxies.mongo();
        ProductsLoad.fill(DB, ROWS);
        try (MongoClient direct = MongoClients.create("mongodb://127.0.0.1:" + proxy.targetPort())) {
            MongoCollection<Document> products = direct.getDatabase("t_" + DB).getCollection("products");
            given().post("/sync/trigger").then().statusCode(202);
            ProductsLoad.awaitStarted(controller, products, 1_000, Duration.ofSeconds(60));
            proxy.silence();
            assertTrue(controller.activeRun() != null, "silenced during the pass, not after it");
            TestDatabase.exec(DB, "UPDATE products SET price = price + 1 WHERE id % 10 = 0");
            // why: the outage of the scenario is MongoDB silent for 60 s, a duration, not a state to wait for.
            Thread.sleep(60_000);
            proxy.unsilence();
            long back = System.nanoTime();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().post("/sync/trigger").then().extract().statusCode() == 202);
            long acceptedMs = (System.nanoTime() - back) / 1_000_000;
            Map<Integer, String> source = ProductsLoad.rows(DB);
            // As a scheduler with a short interval would: another pass whenever none runs and the target differs.
            await().atMost(Duration.ofSeconds(60).minusMillis(acceptedMs)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (source.equals(ProductsLoad.documents(products))) {
                            return true;
                        }
                        if (controller.activeRun() == null) {
                            given().post("/sync/trigger");
                        }
                        return false;
                    });
            long equalMs = (System.nanoTime() - back) / 1_000_000;
            assertEquals(source, ProductsLoad.documents(products));
            System.out.printf("MongoDB silent 60 s: trigger accepted %d ms and target equal %d ms after it answered"
                    + " again%n", acceptedMs, equalMs);
        }
    }
}
