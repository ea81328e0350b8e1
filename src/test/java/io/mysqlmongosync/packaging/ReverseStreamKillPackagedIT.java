package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    static MongoServer mongo;
    static String mongoUri;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/reverse-stream.sql");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) SELECT seq, CONCAT('product ', seq), 1.00,"
                + " 0 FROM seq_1_to_" + ROWS);
        MemoryBackend backend = new MemoryBackend();
        backend.enableOplog();
        mongo = new MongoServer(backend);
        mongo.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    }

    @AfterAll
    static void tearDown() {
        mongo.shutdownNow();
    }

    static Map<String, String> env(int port) {
        Map<String, String> env = ReverseKillPackagedIT.env(port);
        env.put("MYSQL_DATABASE", DB);
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", "reversestreamkill");
        env.remove("SYNC_REVERSE_TABLES");
        env.put("SYNC_MAPPING_FILE", Path.of("src/test/resources/mapping/reverse-stream.yaml").toAbsolutePath()
                .toString());
        env.put("SYNC_REVERSE_CAPTURE", "stream");
        env.put("SYNC_CDC_SUPERVISE_EVERY", "1s");
        return env;
    }

    static long[] writes() throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT updates, deletes FROM write_count")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    static boolean await(java.util.concurrent.Callable<Boolean> condition, ServiceProcess p, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.alive()) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void killedMidStreamEveryEditAndDeleteLandsExactlyOnce() throws Exception {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase("reversestreamkill");
            MongoCollection<Document> products = db.getCollection("products");
            MongoCollection<Document> runs = db.getCollection("_sync_runs");
            int port = ServiceProcess.freePort();
            long[] base;
            try (ServiceProcess first = ServiceProcess.start(env(port))) {
                assertNotNull(ReverseKillPackagedIT.finishedRun(runs, new Date(0), first, Duration.ofSeconds(120)),
                        "initial load\n" + first.output());
                assertEquals(ROWS, products.countDocuments());
                assertTrue(await(() -> db.getCollection("_sync_checkpoints").find(Filters.eq("_id",
                        "reverse-stream:products")).first() != null, first, Duration.ofSeconds(30)),
                        "the change stream runs\n" + first.output());
                base = writes();
                List<WriteModel<Document>> changes = new ArrayList<>();
                for (int i = 1; i <= ROWS; i++) {
                    changes.add(i > ROWS - DELETED ? new DeleteOneModel<>(Filters.eq("_id", i))
                            : new UpdateOneModel<>(Filters.eq("_id", i), Updates.set("stock", i * 2)));
                }
                products.bulkWrite(changes);
                assertTrue(await(() -> writes()[0] >= base[0] + 300, first, Duration.ofSeconds(120)),
                        "write-backs started\n" + first.output());
                first.kill();
                long done = writes()[0] - base[0];
                assertTrue(done < ROWS - DELETED, "killed mid write-back (" + done + " rows written)\n"
                        + first.output());
                System.out.printf("Killed after %d of %d edits written back by the stream%n", done, ROWS - DELETED);
            }
            Date restarted = new Date();
            try (ServiceProcess second = ServiceProcess.start(env(port))) {
                assertTrue(await(() -> writes()[0] >= base[0] + ROWS - DELETED && writes()[1] >= base[1] + DELETED,
                        second, Duration.ofSeconds(180)), "every change written back after the restart: "
                                + java.util.Arrays.toString(writes()) + "\n" + second.output());
                Thread.sleep(3_000); // anything replayed twice would show now
                // a run the restart started by itself ends first; then one more run, triggered
                ReverseKillPackagedIT.finishedRun(runs, restarted, second, Duration.ofSeconds(10));
                Date triggered = new Date();
                assertEquals(202, ReverseKillPackagedIT.trigger(port), second.output());
                Document run = ReverseKillPackagedIT.finishedRun(runs, triggered, second, Duration.ofSeconds(120));
                assertNotNull(run, "no run after the trigger\n" + second.output());
                Document result = run.getList("results", Document.class).get(0);
                assertEquals(0L, ((Number) result.get("updated")).longValue() + ((Number) result.get("created"))
                        .longValue() + ((Number) result.get("conflict")).longValue(),
                        "the forward pass rewrote nothing: " + result.toJson());
            }
            long[] now = writes();
            assertEquals(base[0] + ROWS - DELETED, now[0], "every edit written to MySQL exactly once");
            assertEquals(base[1] + DELETED, now[1], "every delete written to MySQL exactly once");
            assertEquals(0, db.getCollection("_sync_conflicts").countDocuments(), "no conflict with its own writes");
            Map<Integer, Integer> stock = new HashMap<>();
            try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, stock FROM products")) {
                while (rs.next()) {
                    stock.put(rs.getInt(1), rs.getInt(2));
                }
            }
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
}
