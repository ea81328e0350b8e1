package io.mysqlmongosync.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One binlog connection for the whole source: 31 tables (items and {@code m01}…{@code m30}) stream through a
 * single binlog dump thread on the server, the target ends equal to the source after thousands of mixed changes
 * spread over them, a table that is reset and reloaded while changes flow into the others joins the same stream
 * again with nothing lost, here or in the others, and after MariaDB restarts mid-stream every table goes on from
 * where it was.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/binlog-source-stream"),
    @ResourceArg(name = "setup", value = "/db/many-tables.sql"),
    @ResourceArg(name = "tables", value = "m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12,m13,m14,m15,m16,m17,m18,"
            + "m19,m20,m21,m22,m23,m24,m25,m26,m27,m28,m29,m30")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceStreamIT {

    static final String DB = BinlogSyncResource.DATABASE;
    static final List<String> TABLES = IntStream.rangeClosed(1, 30).mapToObj(i -> String.format("m%02d", i)).toList();

    @Inject
    SyncEngine engine;

    @Inject
    BinlogStreams streams;

    @Inject
    MongoClient mongo;

    @Test
    @Order(1)
    void everyTableStreamsThroughOneBinlogConnection() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        List<String> all = new ArrayList<>(TABLES);
        all.add("items");
        RunResult run = engine.run("manual", all, false);
        assertEquals("success", run.status(), run.toString());
        awaitAllStreaming();
        assertEquals(1, binlogReaders(), "binlog dump threads on the server for 31 tables");

        Random random = new Random(42);
        try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement()) {
            for (int i = 0; i < 3_000; i++) {
                s.addBatch(change(random, TABLES.get(random.nextInt(TABLES.size())), i));
                if (i % 100 == 99) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
        }
        awaitEqual(TABLES);
        assertEquals(1, binlogReaders(), "still one binlog dump thread");
    }

    @Test
    @Order(2)
    void aTableResetAndReloadedWhileOthersChangeJoinsTheSameStream() throws Exception {
        try (Writer writer = new Writer(7, 10_000)) { // m07 is reset below; the others and m07 keep changing
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.written.get() > 100);
            given().post("/sync/reset/m07").then().statusCode(200);
            // The reset fences the stream's lease on m07 off; a run reloads the table once that lease ran out.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                RunResult reload = engine.run("manual", List.of("m07"), false);
                return reload.tables().get(0).status().equals("success") && reload.tables().get(0).read() > 0;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.written.get() > 600);
        }
        awaitAllStreaming();
        awaitEqual(TABLES);
        assertEquals(1, binlogReaders(), "the reloaded table joined the one binlog connection");
    }

    @Test
    @Order(3)
    void theStreamResumesForEveryTableAfterMariaDbRestartsMidStream() throws Exception {
        try (Writer writer = new Writer(11, 20_000)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.written.get() > 200);
            BinlogSyncResource.server.restart();
            int after = writer.written.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.written.get() > after + 300);
        }
        awaitAllStreaming();
        awaitEqual(TABLES);
        assertEquals(1, binlogReaders(), "one binlog dump thread after the restart");
    }

    /**
     * Random changes to the 30 tables, one autocommit statement after another, until closed. A statement cut by a
     * server restart is lost or not (MySQL decides, and the comparison reads MySQL); the writer connects again.
     */
    static final class Writer implements AutoCloseable {
        final AtomicInteger written = new AtomicInteger();
        private final AtomicBoolean writing = new AtomicBoolean(true);
        private final ExecutorService executor = Executors.newSingleThreadExecutor();
        private final Future<?> done;

        Writer(long seed, int base) {
            done = executor.submit(() -> {
                Random random = new Random(seed);
                while (writing.get()) {
                    try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement()) {
                        while (writing.get()) {
                            s.execute(change(random, TABLES.get(random.nextInt(TABLES.size())), base + written.get()));
                            written.incrementAndGet();
                        }
                    } catch (java.sql.SQLException down) {
                        Thread.sleep(100); // why: the server restarts; the writer thread connects again every 100 ms until it is back
                    }
                }
                return null;
            });
        }

        @Override
        public void close() throws Exception {
            writing.set(false);
            try {
                done.get(30, TimeUnit.SECONDS);
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /** A random insert, update or delete of {@code table}; inserts use keys above the loaded ones. */
    private static String change(Random random, String table, int n) {
        int id = 1 + random.nextInt(40);
        return switch (random.nextInt(3)) {
            case 0 -> "INSERT INTO " + table + " (id, v, note) VALUES (" + id + ", " + n + ", 'i" + n + "')"
                    + " ON DUPLICATE KEY UPDATE v = " + n + ", note = 'u" + n + "'";
            case 1 -> "UPDATE " + table + " SET v = v + 1, note = 'u" + n + "' WHERE id = " + id;
            default -> "DELETE FROM " + table + " WHERE id = " + id;
        };
    }

    private void awaitAllStreaming() {
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.status().size() == 31
                && streams.status().values().stream().allMatch(c -> "streaming".equals(c.streamState())));
    }

    private void awaitEqual(List<String> tables) {
        for (String table : tables) {
            await().atMost(Duration.ofSeconds(60)).until(() -> source(table).equals(target(table)));
        }
    }

    private static long binlogReaders() throws Exception {
        try (Connection c = BinlogSyncResource.server.root(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE 'Binlog Dump%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<Integer, String> source(String table) throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v, note FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getInt(2) + "/" + rs.getString(3));
            }
        }
        return rows;
    }

    private Map<Integer, String> target(String table) {
        Map<Integer, String> docs = new TreeMap<>();
        for (Document d : mongo.getDatabase("t_" + DB).getCollection(table).find()) {
            docs.put(d.getInteger("_id"), d.getInteger("v") + "/" + d.getString("note"));
        }
        return docs;
    }
}
