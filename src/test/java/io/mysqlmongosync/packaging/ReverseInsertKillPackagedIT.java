package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.ServiceProcess;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 in the middle of inserting 3,000 documents created in MongoDB into MySQL, then a restart: every document
 * ends as exactly one row (a trigger counts INSERTs; an insert cut by the kill was rolled back with its count, one
 * committed but not settled is found by its key and content and only settled), every document is settled, no
 * conflict is recorded, and the forward pass rewrites nothing.
 */
class ReverseInsertKillPackagedIT {

    static final String DB = "mms_reverse_insert_kill";
    static final int DOCS = 3_000;

    @RegisterExtension
    static final KillAndRestart scenario = new KillAndRestart(DB, "/db/reverse_inserts.sql", "reverseinsertkill", false);

    @Test
    void killedMidInsertEveryNewDocumentLandsExactlyOnce() throws Exception {
        MongoCollection<Document> products = scenario.collection("products");
        Map<String, String> env = scenario.env("products", "SYNC_SAFETY_LAG_SECONDS", "0", "SYNC_MAPPING_FILE",
                Path.of("src/test/resources/mapping/reverse_kill_inserts.yaml").toAbsolutePath().toString());
        try (ServiceProcess first = ServiceProcess.start(env)) {
            assertNotNull(scenario.finishedRun(first, new Date(0), Duration.ofSeconds(120)),
                    "initial load\n" + first.output());
            List<Document> created = new ArrayList<>();
            Date now = new Date();
            for (int i = 1; i <= DOCS; i++) {
                created.add(new Document("_id", i).append("name", "product " + i)
                        .append("price", new Decimal128(new BigDecimal(i + ".25"))).append("stock", i * 2)
                        .append("updated_at", now));
            }
            products.insertMany(created);
            assertEquals(202, first.trigger(null), first.output());
            first.awaitUntil("300 rows inserted", Duration.ofSeconds(120), Duration.ofMillis(5),
                    () -> scenario.scalar("SELECT inserts FROM write_count") >= 300);
            first.kill();
            long done = scenario.scalar("SELECT inserts FROM write_count");
            assertTrue(done >= 300 && done < DOCS, "killed mid insert (" + done + " rows inserted)\n"
                    + first.output());
            System.out.printf("Killed after %d of %d inserts%n", done, DOCS);
        }
        scenario.restartRewritingNothing(env, "updated", "conflict", "created");
        assertEquals(DOCS, scenario.scalar("SELECT inserts FROM write_count"), "every document inserted exactly once");
        assertEquals(DOCS, scenario.scalar("SELECT COUNT(*) FROM products"));
        assertEquals(0, scenario.scalar("SELECT updates FROM write_count"), "and never updated");
        assertEquals(0, scenario.collection("_sync_conflicts").countDocuments(), "no conflict with its own inserts");
        Map<Integer, Integer> stock = scenario.ints("SELECT id, stock FROM products");
        assertEquals(DOCS, products.countDocuments());
        for (Document d : products.find()) {
            int id = d.getInteger("_id");
            assertEquals(id * 2, stock.get(id), "row " + id);
            Document sync = d.get("_sync", Document.class);
            assertNotNull(sync, "document " + id + " settled");
            assertEquals("products", sync.getString("table"));
            assertEquals(id, d.getInteger("id"), "document " + id + " is the row's document");
        }
    }
}
