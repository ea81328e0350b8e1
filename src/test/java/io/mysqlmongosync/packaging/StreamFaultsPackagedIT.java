package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.AllColumns;
import io.mysqlmongosync.testing.BinlogMariaDb;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stream faults of a binlog table, replayed against the packaged service: the service stopped (SIGTERM) across
 * an {@code ADD COLUMN}, a {@code RENAME COLUMN} and a {@code DROP COLUMN}, with rows changed before and after each,
 * then started again: every event is replayed by column name ({@code binlog_row_metadata=FULL}) and the target ends
 * equal to the source, field by field; and a 17 MiB row on the load and on the stream among good rows: every other
 * row arrives and the bad keys are listed by {@code GET /sync/dead-letters} and counted in
 * {@code sync_dead_letters_total}; latin1 text with the bytes cp1252 leaves undefined, loaded and streamed, exactly as
 * MariaDB returns it; and after the binlog the service would resume from was purged while it was stopped, the
 * prescribed reload ({@code force_full_sync}) ends equal, without the documents of rows deleted during the gap.
 */
class StreamFaultsPackagedIT {

    static final String DB = "cdc_faults";
    static final int BIG = 17 * 1024 * 1024;
    /** Latin-1 text with the five bytes cp1252 leaves undefined, which MariaDB maps to the C1 controls. */
    static final String LATIN1 = "CONCAT('a', _latin1 X'818D8F909D', 'z')";
    static final String LATIN1_TEXT = "a\u0081\u008D\u008F\u0090\u009Dz";
    static BinlogMariaDb server;
    static InProcessMongo mongo;

    @BeforeAll
    static void setUp() throws Exception {
        server = BinlogMariaDb.start(Path.of("target/binlog-pkg-faults"), 33, "--binlog-row-metadata=FULL",
                "--max-allowed-packet=64M");
        server.exec(null, "CREATE DATABASE " + DB,
                "CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, qty INT NOT NULL,"
                        + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE"
                        + " CURRENT_TIMESTAMP(6), INDEX (updated_at))",
                "INSERT INTO " + DB + ".items (id, name, qty) VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)",
                "CREATE TABLE " + DB + ".files (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, data LONGBLOB NULL,"
                        + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE"
                        + " CURRENT_TIMESTAMP(6), INDEX (updated_at))",
                "INSERT INTO " + DB + ".files (id, name, data) VALUES (1, 'one', 'a'), (3, 'three', 'c')",
                "INSERT INTO " + DB + ".files (id, name, data) VALUES (2, 'big', REPEAT('x', " + BIG + "))",
                "CREATE TABLE " + DB + ".texts (id INT PRIMARY KEY, t VARCHAR(20) CHARACTER SET latin1 NOT NULL,"
                        + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE"
                        + " CURRENT_TIMESTAMP(6), INDEX (updated_at))",
                "INSERT INTO " + DB + ".texts (id, t) VALUES (1, " + LATIN1 + ")",
                "CREATE USER 'full'@'%' IDENTIFIED BY 'full-pw'",
                "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'full'@'%'");
        mongo = InProcessMongo.start();
    }

    @AfterAll
    static void tearDown() {
        if (mongo != null) {
            mongo.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> env() throws Exception {
        return ServiceEnv.sync(DB, mongo.uri(), "faults", "items,files,texts", "MYSQL_PORT",
                Integer.toString(server.port()), "MYSQL_USER", "full", "MYSQL_PASSWORD", "full-pw",
                "SYNC_INTERVAL_MINUTES", null);
    }

    @Test
    void columnChangesWhileTheServiceIsStoppedAndOversizedRowsEndWithTheTargetEqual() throws Exception {
        Map<String, String> env = env();
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            MongoCollection<Document> items = client.getDatabase("faults").getCollection("items");
            MongoCollection<Document> files = client.getDatabase("faults").getCollection("files");
            MongoCollection<Document> texts = client.getDatabase("faults").getCollection("texts");
            try (ServiceProcess p = ServiceProcess.start(env)) {
                awaitStreaming(p, "items");
                awaitStreaming(p, "files");
                awaitFiles(files); // the load skips the 17 MiB row and loads the others
                server.exec(DB, "INSERT INTO texts (id, t) VALUES (2, " + LATIN1 + ")",
                        "UPDATE items SET qty = 10 WHERE id = 1",
                        "INSERT INTO files (id, name, data) VALUES (4, 'big too', REPEAT('y', " + BIG + "))",
                        "INSERT INTO files (id, name, data) VALUES (5, 'five', 'e')");
                awaitEqual(items, "items");
                awaitFiles(files);
                await().atMost(Duration.ofSeconds(60)).until(() -> texts.countDocuments() == 2);
                for (Document d : texts.find()) {
                    assertEquals(LATIN1_TEXT, d.getString("t"), "loaded (1) and streamed (2) as MariaDB decodes: " + d);
                }
                // counted by the process that skipped them (the load's row and the stream's)
                p.awaitBody("/q/metrics", "sync_dead_letters_total{reason=\"too_large\",table=\"files\"} 2.0");
                p.terminate();
                assertTrue(p.awaitExit(Duration.ofSeconds(30)) != null, "SIGTERM ends the service:\n" + p.output());
            }
            // While the service is down: changes around three column changes of items, all to be replayed.
            server.exec(DB, "UPDATE items SET qty = 11 WHERE id = 1",
                    "ALTER TABLE items ADD COLUMN color VARCHAR(20) NULL DEFAULT 'red' AFTER name",
                    "UPDATE items SET color = 'blue', qty = 20 WHERE id = 2",
                    "INSERT INTO items (id, name, color, qty) VALUES (4, 'd', 'green', 4)",
                    "ALTER TABLE items RENAME COLUMN name TO label",
                    "UPDATE items SET label = 'c, renamed' WHERE id = 3",
                    "ALTER TABLE items DROP COLUMN qty",
                    "INSERT INTO items (id, label, color) VALUES (5, 'e', 'black')",
                    "DELETE FROM items WHERE id = 1");
            try (ServiceProcess again = ServiceProcess.start(env)) {
                awaitStreaming(again, "items");
                awaitEqual(items, "items");
                awaitFiles(files);
                String letters = again.awaitBody("/sync/dead-letters?table=files", "\"id=4\"");
                assertTrue(letters.contains("\"id=2\"") && letters.contains("too_large"), letters);
                assertEquals(0, items.countDocuments(new Document("name", new Document("$exists", true))),
                        "no document keeps the old field name");
                again.terminate();
                assertTrue(again.awaitExit(Duration.ofSeconds(30)) != null, again.output());
            }
            // While it is down again: a row deleted, one added, and the binlog it would resume from purged.
            server.exec(DB, "DELETE FROM items WHERE id = 4", "INSERT INTO items (id, label, color) VALUES (6, 'f', 'w')");
            purgeBinlogs();
            try (ServiceProcess third = ServiceProcess.start(env)) {
                awaitStreamState(third, "items", "position_lost");
                HttpResponse<String> r = third.http("POST", "/sync/trigger",
                        "{\"tables\": [\"items\", \"files\", \"texts\"], \"force_full_sync\": true}");
                assertEquals(202, r.statusCode(), r.body());
                awaitStreaming(third, "items");
                awaitEqual(items, "items"); // item 4's document is gone: the reload reconciles
                awaitFiles(files);
            }
        }
    }

    private static void awaitStreaming(ServiceProcess p, String table) {
        awaitStreamState(p, table, "streaming");
    }

    private static void awaitStreamState(ServiceProcess p, String table, String state) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> state.equals(
                JsonPath.from(p.awaitBody("/sync/status", "\"tables\"")).getString("tables." + table
                        + ".capture.stream_state")));
    }

    /** Starts a new binlog file and purges the older ones (no reader is connected: the service is stopped). */
    private static void purgeBinlogs() throws Exception {
        try (Connection c = server.root(null); Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
            String current = first(s, "SHOW MASTER STATUS");
            // a file is kept until the storage engine checkpointed its transactions: try again for a while
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                s.execute("PURGE BINARY LOGS TO '" + current + "'");
                return current.equals(first(s, "SHOW BINARY LOGS"));
            });
        }
    }

    private static String first(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Waits until every document of {@code table} equals its row, field by field. */
    private static void awaitEqual(MongoCollection<Document> collection, String table) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection c = server.root(DB)) {
                assertEquals(AllColumns.rows(c, table), AllColumns.documents(collection));
            }
        });
    }

    /** Waits until the files' documents are the rows by id and name, the two over 16 MiB (dead letters) left out. */
    private static void awaitFiles(MongoCollection<Document> files) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<Integer, String> rows = new TreeMap<>();
            try (Connection c = server.root(DB); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, name FROM files WHERE id NOT IN (2, 4)")) {
                while (rs.next()) {
                    rows.put(rs.getInt(1), rs.getString(2));
                }
            }
            Map<Integer, String> docs = new TreeMap<>();
            files.find().forEach(d -> docs.put(((Number) d.get("_id")).intValue(), d.getString("name")));
            assertEquals(rows, docs);
        });
    }
}
