package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * kill -9 in the middle of writing 3,000 MongoDB edits back to MySQL, then a restart: every edit ends in MySQL
 * exactly once (a trigger counts row writes; a write cut by the kill was rolled back with its count), no document
 * is left edited, no conflict is recorded, and the forward pass rewrites nothing.
 */
class ReverseKillPackagedIT {

    static final String DB = "mms_reverse_kill";
    static final int ROWS = 3_000;
    static MongoServer mongo;
    static String mongoUri;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/reverse.sql");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price, stock) SELECT seq, CONCAT('product ', seq), 1.00, 0"
                + " FROM seq_1_to_" + ROWS);
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    }

    @AfterAll
    static void tearDown() {
        mongo.shutdownNow();
    }

    static Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", "127.0.0.1");
        env.put("MYSQL_PORT", Integer.toString(TestDatabase.port()));
        env.put("MYSQL_USER", TestDatabase.user());
        env.put("MYSQL_PASSWORD", TestDatabase.password());
        env.put("MYSQL_DATABASE", DB);
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", "reversekill");
        env.put("SYNC_TABLES", "products");
        env.put("SYNC_REVERSE_TABLES", "products");
        env.put("SYNC_ENABLED", "true");
        env.put("SYNC_INTERVAL_MINUTES", "1440");
        env.put("SYNC_TICK", "1s");
        env.put("SYNC_BATCH_SIZE", "200");
        env.put("SYNC_SAFETY_LAG_SECONDS", "0");
        env.put("SYNC_API_AUTH", "none");
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return env;
    }

    static long writes() throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n FROM write_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int trigger(int port) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sync/trigger"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits for a finished run started after {@code after} (or any, when null); returns it. */
    static Document finishedRun(MongoCollection<Document> runs, Date after, ServiceProcess p, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.alive()) {
            Document d = runs.find(Filters.and(Filters.gt("started_at", after), Filters.nin("status",
                    List.of("running", "abandoned")))).sort(Sorts.descending("started_at")).first();
            if (d != null) {
                return d;
            }
            Thread.sleep(200);
        }
        return null;
    }

    @Test
    void killedMidWriteBackEveryEditLandsExactlyOnce() throws Exception {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase("reversekill");
            MongoCollection<Document> products = db.getCollection("products");
            MongoCollection<Document> runs = db.getCollection("_sync_runs");
            int port = ServiceProcess.freePort();
            long base;
            try (ServiceProcess first = ServiceProcess.start(env(port))) {
                assertNotNull(finishedRun(runs, new Date(0), first, Duration.ofSeconds(120)),
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
                assertEquals(202, trigger(port), first.output());
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (writes() < base + 300 && first.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                first.kill();
                long done = writes() - base;
                assertTrue(done >= 300 && done < ROWS, "killed mid write-back (" + done + " rows written)\n"
                        + first.output());
                System.out.printf("Killed after %d of %d write-backs%n", done, ROWS);
            }
            Date restarted = new Date();
            try (ServiceProcess second = ServiceProcess.start(env(port))) {
                Document run = finishedRun(runs, restarted, second, Duration.ofSeconds(20));
                if (run == null) {
                    trigger(port); // when the restart does not start a run by itself
                    run = finishedRun(runs, restarted, second, Duration.ofSeconds(180));
                }
                assertNotNull(run, "no run after the restart\n" + second.output());
                assertEquals("success", run.getString("status"), run.toJson());
                Document result = run.getList("results", Document.class).get(0);
                assertEquals(0L, ((Number) result.get("updated")).longValue() + ((Number) result.get("conflict"))
                        .longValue(), "the forward pass rewrote nothing: " + result.toJson());
            }
            assertEquals(base + ROWS, writes(), "every edit written to MySQL exactly once");
            assertEquals(0, db.getCollection("_sync_conflicts").countDocuments(), "no conflict with its own writes");
            Map<Integer, Integer> stock = new HashMap<>();
            try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, stock FROM products")) {
                while (rs.next()) {
                    stock.put(rs.getInt(1), rs.getInt(2));
                }
            }
            for (Document d : products.find()) {
                int id = d.getInteger("_id");
                assertEquals(id * 2, stock.get(id), "row " + id);
                assertEquals(id * 2, d.getInteger("stock"), "document " + id);
                assertEquals(d.get("_sync", Document.class).getString("hash"),
                        ContentHash.of(SyncedDocuments.dataOf(d)), "document " + id + " settled");
            }
        }
    }
}
