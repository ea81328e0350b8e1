package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 in the middle of writing 3,000 MongoDB edits back to MySQL, then a restart: every edit ends in MySQL
 * exactly once (a trigger counts row writes; a write cut by the kill was rolled back with its count), no document
 * is left edited, no conflict is recorded, and the forward pass rewrites nothing.
 */
class ReverseKillPackagedIT {

    static final String DB = "mms_reverse_kill";
    static final int ROWS = 3_000;

    @RegisterExtension
    static final KillAndRestart scenario = new KillAndRestart(DB, "/db/reverse.sql", "reversekill", false);

    @BeforeAll
    static void fill() {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) SELECT seq, CONCAT('product ', seq), 1.00, 0"
                + " FROM seq_1_to_" + ROWS);
    }

    static long writes() throws Exception {
        return scenario.scalar("SELECT n FROM write_count");
    }

    @Test
    void killedMidWriteBackEveryEditLandsExactlyOnce() throws Exception {
        MongoCollection<Document> products = scenario.collection("products");
        Map<String, String> env = scenario.env("products", "SYNC_REVERSE_TABLES", "products",
                "SYNC_SAFETY_LAG_SECONDS", "0");
        long base;
        try (ServiceProcess first = ServiceProcess.start(env)) {
            assertNotNull(scenario.finishedRun(first, new Date(0), Duration.ofSeconds(120)),
                    "initial load\n" + first.output());
            assertEquals(ROWS, products.countDocuments());
            base = writes();
            List<WriteModel<Document>> edits = new ArrayList<>();
            Date now = new Date();
            for (int i = 1; i <= ROWS; i++) {
                edits.add(new UpdateOneModel<>(Filters.eq("_id", i), Updates.combine(Updates.set("stock", i * 2),
                        Updates.set("updated_at", now))));
            }
            products.bulkWrite(edits);
            assertEquals(202, first.trigger(null), first.output());
            first.awaitUntil("300 rows written back", Duration.ofSeconds(120), Duration.ofMillis(5),
                    () -> writes() >= base + 300);
            first.kill();
            long done = writes() - base;
            assertTrue(done >= 300 && done < ROWS, "killed mid write-back (" + done + " rows written)\n"
                    + first.output());
            System.out.printf("Killed after %d of %d write-backs%n", done, ROWS);
        }
        scenario.restartRewritingNothing(env, "updated", "conflict");
        assertEquals(base + ROWS, writes(), "every edit written to MySQL exactly once");
        assertEquals(0, scenario.collection("_sync_conflicts").countDocuments(), "no conflict with its own writes");
        Map<Integer, Integer> stock = scenario.ints("SELECT id, stock FROM products");
        for (Document d : products.find()) {
            int id = d.getInteger("_id");
            assertEquals(id * 2, stock.get(id), "row " + id);
            assertEquals(id * 2, d.getInteger("stock"), "document " + id);
            assertEquals(d.get("_sync", Document.class).getString("hash"),
                    ContentHash.of(SyncedDocuments.dataOf(d)), "document " + id + " settled");
        }
    }
}
