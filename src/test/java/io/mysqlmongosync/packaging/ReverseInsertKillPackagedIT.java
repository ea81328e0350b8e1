package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.math.BigDecimal;
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
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of inserting 3,000 documents created in MongoDB into MySQL, then a restart: every document
 * ends as exactly one row (a trigger counts INSERTs; an insert cut by the kill was rolled back with its count, one
 * committed but not settled is found by its key and content and only settled), every document is settled, no
 * conflict is recorded, and the forward pass rewrites nothing.
 */
class ReverseInsertKillPackagedIT {

    static final String DB = "mms_reverse_insert_kill";
    static final int DOCS = 3_000;
    static MongoServer mongo;
    static String mongoUri;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/reverse_inserts.sql");
        mongo = new MongoServer(new MemoryBackend());
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
        env.put("MONGODB_DATABASE", "reverseinsertkill");
        env.put("MONGODB_URI", mongoUri);
        env.remove("SYNC_REVERSE_TABLES");
        env.put("SYNC_MAPPING_FILE", Path.of("src/test/resources/mapping/reverse_kill_inserts.yaml").toAbsolutePath()
                .toString());
        return env;
    }

    static long scalar(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void killedMidInsertEveryNewDocumentLandsExactlyOnce() throws Exception {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase("reverseinsertkill");
            MongoCollection<Document> products = db.getCollection("products");
            MongoCollection<Document> runs = db.getCollection("_sync_runs");
            int port = ServiceProcess.freePort();
            try (ServiceProcess first = ServiceProcess.start(env(port))) {
                assertNotNull(ReverseKillPackagedIT.finishedRun(runs, new Date(0), first, Duration.ofSeconds(120)),
                        "initial load\n" + first.output());
                List<Document> created = new ArrayList<>();
                Date now = new Date();
                for (int i = 1; i <= DOCS; i++) {
                    created.add(new Document("_id", i).append("name", "product " + i)
                            .append("price", new Decimal128(new BigDecimal(i + ".25"))).append("stock", i * 2)
                            .append("updated_at", now));
                }
                products.insertMany(created);
                assertEquals(202, ReverseKillPackagedIT.trigger(port), first.output());
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (scalar("SELECT inserts FROM write_count") < 300 && first.alive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                first.kill();
                long done = scalar("SELECT inserts FROM write_count");
                assertTrue(done >= 300 && done < DOCS, "killed mid insert (" + done + " rows inserted)\n"
                        + first.output());
                System.out.printf("Killed after %d of %d inserts%n", done, DOCS);
            }
            Date restarted = new Date();
            try (ServiceProcess second = ServiceProcess.start(env(port))) {
                Document run = ReverseKillPackagedIT.finishedRun(runs, restarted, second, Duration.ofSeconds(20));
                if (run == null) {
                    ReverseKillPackagedIT.trigger(port); // when the restart does not start a run by itself
                    run = ReverseKillPackagedIT.finishedRun(runs, restarted, second, Duration.ofSeconds(180));
                }
                assertNotNull(run, "no run after the restart\n" + second.output());
                assertEquals("success", run.getString("status"), run.toJson());
                Document result = run.getList("results", Document.class).get(0);
                assertEquals(0L, ((Number) result.get("updated")).longValue() + ((Number) result.get("conflict"))
                        .longValue() + ((Number) result.get("created")).longValue(),
                        "the forward pass rewrote nothing: " + result.toJson());
            }
            assertEquals(DOCS, scalar("SELECT inserts FROM write_count"), "every document inserted exactly once");
            assertEquals(DOCS, scalar("SELECT COUNT(*) FROM products"));
            assertEquals(0, scalar("SELECT updates FROM write_count"), "and never updated");
            assertEquals(0, db.getCollection("_sync_conflicts").countDocuments(), "no conflict with its own inserts");
            Map<Integer, Integer> stock = new HashMap<>();
            try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, stock FROM products")) {
                while (rs.next()) {
                    stock.put(rs.getInt(1), rs.getInt(2));
                }
            }
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
}
