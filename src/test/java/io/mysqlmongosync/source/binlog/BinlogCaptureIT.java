package io.mysqlmongosync.source.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.BinlogStreams;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Binlog capture through the real path (configuration, engine run, stream, page writer, MongoDB): the first run
 * loads the table and starts streaming; 1,000 mixed inserts, updates and deletes that all carry the same
 * updated_at (invisible to a change-column poll) and a long transaction reach MongoDB without another run; an
 * ALTER TABLE mid-stream is followed by rows with the new column.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinlogCaptureIT {

    @Inject
    SyncEngine engine;

    @Inject
    BinlogStreams streams;

    @Inject
    MongoClient mongo;

    MongoCollection<Document> items() {
        return mongo.getDatabase("t_" + BinlogSyncResource.DATABASE).getCollection("items");
    }

    @Test
    @Order(1)
    void mixedChangesWithEqualTimestampsReachMongoWithoutAnotherRun() throws Exception {
        RunResult run = engine.run("manual", List.of("items"), false);
        assertEquals("success", run.status(), run.toString());
        assertEquals(3, items().countDocuments());

        Random random = new Random(19);
        try (Connection c = BinlogSyncResource.server.root(BinlogSyncResource.DATABASE); Statement s = c.createStatement()) {
            for (int i = 0; i < 700; i++) {
                int id = 10 + random.nextInt(200);
                switch (random.nextInt(3)) {
                    case 0 -> s.execute("INSERT INTO items VALUES (" + id + ", 'n" + i + "', " + i + ", " + i
                            + ".25, '2024-01-01 00:00:00') ON DUPLICATE KEY UPDATE name = 'u" + i + "', qty = " + i);
                    case 1 -> s.execute("UPDATE items SET qty = qty + 1, name = 'v" + i + "', updated_at = "
                            + "'2024-01-01 00:00:00' WHERE id = " + id);
                    default -> s.execute("DELETE FROM items WHERE id = " + id);
                }
            }
            c.setAutoCommit(false); // one long transaction: 300 changes applied together
            for (int i = 0; i < 300; i++) {
                int id = 300 + i % 150;
                s.execute("INSERT INTO items VALUES (" + id + ", 't" + i + "', " + i + ", 1.00, '2024-01-01 00:00:00')"
                        + " ON DUPLICATE KEY UPDATE qty = " + i);
                if (i % 7 == 0) {
                    s.execute("DELETE FROM items WHERE id = " + (300 + (i * 3) % 150));
                }
            }
            c.commit();
        }
        awaitEqual();
        assertTrue(streams.status().containsKey("items"), streams.status().toString());
    }

    @Test
    @Order(2)
    void alterTableMidStreamContinuesByColumnName() throws Exception {
        BinlogSyncResource.server.exec(BinlogSyncResource.DATABASE,
                "ALTER TABLE items ADD COLUMN color VARCHAR(20) NULL AFTER name",
                "INSERT INTO items (id, name, color, qty, price) VALUES (900, 'lamp', 'red', 1, 9.99)",
                "UPDATE items SET color = 'blue' WHERE id = 1");
        long deadline = System.currentTimeMillis() + 30_000;
        Document lamp = null;
        while (System.currentTimeMillis() < deadline) {
            lamp = items().find(new Document("_id", 900)).first();
            Document kettle = items().find(new Document("_id", 1)).first();
            if (lamp != null && kettle != null && "blue".equals(kettle.get("color"))) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("red", lamp == null ? null : lamp.get("color"), String.valueOf(lamp));
        assertEquals("blue", items().find(new Document("_id", 1)).first().get("color"));
    }

    private void awaitEqual() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        Map<Integer, String> source = source();
        Map<Integer, String> target = target();
        while (!source.equals(target) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            target = target();
        }
        assertEquals(source, target, "streams: " + streams.status());
    }

    private static Map<Integer, String> source() throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = BinlogSyncResource.server.root(BinlogSyncResource.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name, qty, price FROM items")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getBigDecimal(4));
            }
        }
        return rows;
    }

    private Map<Integer, String> target() {
        Map<Integer, String> docs = new TreeMap<>();
        for (Document d : items().find()) {
            BigDecimal price = ((Decimal128) d.get("price")).bigDecimalValue();
            docs.put(d.getInteger("_id"), d.getString("name") + "|" + d.getInteger("qty") + "|" + price);
        }
        return docs;
    }
}
