package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A load of generated rows of {@code products} (schema {@code /db/items.sql}) that a test interrupts, by silencing
 * MySQL or MongoDB, and then checks: every row in MongoDB with its content.
 */
final class ProductsLoad {

    private ProductsLoad() {
    }

    /** Inserts rows 1 to {@code rows} into products of {@code database}: name {@code p<id>}, price id / 100. */
    static void fill(String database, int rows) throws Exception {
        TestDatabase.exec(database, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq),"
                + " seq / 100 FROM seq_1_to_" + rows);
    }

    /** A client of the service's own MongoDB connection string (no proxy between, when only MySQL's is proxied). */
    static MongoClient serviceMongo() {
        return MongoClients.create(ConfigProvider.getConfig().getValue("quarkus.mongodb.connection-string",
                String.class));
    }

    /** Waits until {@code documents} are written or the run has ended already, polling often to catch the load. */
    static void awaitStarted(SyncController controller, MongoCollection<Document> products, long documents,
            Duration bound) {
        await("the load started").atMost(bound).pollInterval(Duration.ofMillis(5))
                .until(() -> products.countDocuments() >= documents || controller.activeRun() == null);
    }

    /** Waits until no run is active. */
    static void awaitIdle(SyncController controller, Duration bound, String what) {
        await(what).atMost(bound).pollInterval(Duration.ofMillis(100)).until(() -> controller.activeRun() == null);
    }

    /**
     * Triggers a pass as soon as one is accepted (409 while the previous run still ends) and waits until it has
     * ended; returns its result.
     */
    static RunResult triggerAndAwaitNextRun(SyncController controller, Duration bound) {
        String runId = await("a trigger accepted").atMost(bound).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = given().post("/sync/trigger").then().extract();
            return response.statusCode() == 202 ? response.<String>path("run_id") : null;
        }, id -> id != null);
        await("run " + runId + " ended").atMost(bound).pollInterval(Duration.ofMillis(100))
                .until(() -> controller.activeRun() == null && controller.lastResult() != null
                        && runId.equals(controller.lastResult().id()));
        return controller.lastResult();
    }

    /** Every row of products of {@code database} is a document of {@code products} with its content, and no more. */
    static void assertRowsEqual(MongoCollection<Document> products, String database, int expected) throws Exception {
        Map<Integer, String> rows = rows(database);
        assertEquals(expected, rows.size(), "rows in MySQL");
        assertEquals(rows, documents(products));
    }

    /** The rows of products of {@code database} by id: name and price (scale stripped). */
    static Map<Integer, String> rows(String database) throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name, price FROM products")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString());
            }
        }
        return rows;
    }

    /** The documents of {@code products} by id, in the form of {@link #rows}. */
    static Map<Integer, String> documents(MongoCollection<Document> products) {
        Map<Integer, String> docs = new TreeMap<>();
        for (Document d : products.find()) {
            Object price = d.get("price");
            String p = price instanceof Decimal128 dec
                    ? dec.bigDecimalValue().stripTrailingZeros().toPlainString() : String.valueOf(price);
            docs.put(d.getInteger("_id"), d.getString("name") + "|" + p);
        }
        return docs;
    }
}
