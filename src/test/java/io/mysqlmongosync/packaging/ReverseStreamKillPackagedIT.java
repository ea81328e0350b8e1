package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 while the MongoDB change stream writes 2,700 edits and 300 deletes back to MySQL (no run triggered), then
 * a restart that continues from the stored resume token: every edit and every delete lands in MySQL exactly once
 * (triggers count row updates and deletes; a write cut by the kill was rolled back with its count), no document is
 * left edited, no conflict is recorded, and the forward pass rewrites nothing.
 */
class ReverseStreamKillPackagedIT {

    static final String DB = "mms_reverse_stream_kill";
    static final int ROWS = 3_000;
    static final int DELETED = 300;

    @RegisterExtension
    static final KillAndRestart scenario = new KillAndRestart(DB, "/db/reverse-stream.sql", "reversestreamkill", true);

    @BeforeAll
    static void fill() {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) SELECT seq, CONCAT('product ', seq), 1.00,"
                + " 0 FROM seq_1_to_" + ROWS);
    }

    static long[] writes() throws Exception {
        return new long[] {scenario.scalar("SELECT updates FROM write_count"),
            scenario.scalar("SELECT deletes FROM write_count")};
    }

    @Test
    void killedMidStreamEveryEditAndDeleteLandsExactlyOnce() throws Exception {
        MongoCollection<Document> products = scenario.collection("products");
        Map<String, String> env = scenario.env("products", "SYNC_SAFETY_LAG_SECONDS", "0", "SYNC_MAPPING_FILE",
                Path.of("src/test/resources/mapping/reverse-stream.yaml").toAbsolutePath().toString(),
                "SYNC_REVERSE_CAPTURE", "stream", "SYNC_CDC_SUPERVISE_EVERY", "1s");
        long[] base;
        try (ServiceProcess first = ServiceProcess.start(env)) {
            assertNotNull(scenario.finishedRun(first, new Date(0), Duration.ofSeconds(120)),
                    "initial load\n" + first.output());
            assertEquals(ROWS, products.countDocuments());
            first.awaitUntil("the change stream runs", Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> scenario.collection("_sync_checkpoints").find(Filters.eq("_id", "reverse-stream:products"))
                            .first() != null);
            base = writes();
            List<WriteModel<Document>> changes = new ArrayList<>();
            for (int i = 1; i <= ROWS; i++) {
                changes.add(i > ROWS - DELETED ? new DeleteOneModel<>(Filters.eq("_id", i))
                        : new UpdateOneModel<>(Filters.eq("_id", i), Updates.set("stock", i * 2)));
            }
            products.bulkWrite(changes);
            first.awaitUntil("write-backs started", Duration.ofSeconds(120), Duration.ofMillis(20),
                    () -> writes()[0] >= base[0] + 300);
            first.kill();
            long done = writes()[0] - base[0];
            assertTrue(done < ROWS - DELETED, "killed mid write-back (" + done + " rows written)\n"
                    + first.output());
            System.out.printf("Killed after %d of %d edits written back by the stream%n", done, ROWS - DELETED);
        }
        long[] expected = {base[0] + ROWS - DELETED, base[1] + DELETED};
        Date restarted = new Date();
        try (ServiceProcess second = ServiceProcess.start(env)) {
            second.awaitUntil("every change written back after the restart", Duration.ofSeconds(180),
                    Duration.ofMillis(20), () -> writes()[0] >= expected[0] && writes()[1] >= expected[1]);
            // anything replayed twice would show within these 3 s
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> Arrays.equals(expected, writes()));
            // a run the restart started by itself ends first; then one more run, triggered
            scenario.finishedRun(second, restarted, Duration.ofSeconds(10));
            Date triggered = new Date();
            assertEquals(202, second.trigger(null), second.output());
            Document run = scenario.finishedRun(second, triggered, Duration.ofSeconds(120));
            assertNotNull(run, "no run after the trigger\n" + second.output());
            Document result = run.getList("results", Document.class).get(0);
            assertEquals(0L, ((Number) result.get("updated")).longValue() + ((Number) result.get("created"))
                    .longValue() + ((Number) result.get("conflict")).longValue(),
                    "the forward pass rewrote nothing: " + result.toJson());
        }
        long[] now = writes();
        assertEquals(expected[0], now[0], "every edit written to MySQL exactly once");
        assertEquals(expected[1], now[1], "every delete written to MySQL exactly once");
        assertEquals(0, scenario.collection("_sync_conflicts").countDocuments(), "no conflict with its own writes");
        Map<Integer, Integer> stock = scenario.ints("SELECT id, stock FROM products");
        assertEquals(ROWS - DELETED, stock.size());
        for (Document d : products.find()) {
            int id = d.getInteger("_id");
            assertEquals(id * 2, stock.get(id), "row " + id);
            assertEquals(d.get("_sync", Document.class).getString("hash"),
                    ContentHash.of(SyncedDocuments.dataOf(d)), "document " + id + " settled");
        }
        assertEquals(ROWS - DELETED, products.countDocuments());
        assertNull(products.find(Filters.gt("_id", ROWS - DELETED)).first(), "deleted documents stay deleted");
    }
}
