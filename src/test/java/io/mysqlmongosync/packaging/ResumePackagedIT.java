package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 in the middle of an initial load, then a restart of the same service (same host, no SYNC_OWNER): the load
 * resumes at once, not an interval (a day here) after the interrupted run started; the process takes its own table
 * lease back; the interrupted run is closed as abandoned; the target ends equal to the source.
 */
class ResumePackagedIT {

    static final String DB = "mms_resume";
    static final int ROWS = 60_000;

    @RegisterExtension
    static final KillAndRestart scenario = new KillAndRestart(DB, "/db/items.sql", "resume", false);

    @BeforeAll
    static void fill() {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('product ', seq), seq / 100"
                + " FROM seq_1_to_" + ROWS);
    }

    @Test
    void killedMidLoadResumesAtOnceAfterRestartAndEndsEqual() throws Exception {
        MongoCollection<Document> products = scenario.collection("products");
        MongoCollection<Document> runs = scenario.collection("_sync_runs");
        Map<String, String> env = scenario.env("products");
        String crashed;
        try (ServiceProcess first = ServiceProcess.start(env)) {
            first.awaitUntil("2,000 documents loaded", Duration.ofSeconds(120), Duration.ofMillis(20),
                    () -> products.countDocuments() >= 2_000);
            first.kill();
            long written = products.countDocuments();
            assertTrue(written >= 2_000 && written < ROWS, "killed mid-load (" + written + " documents)\n"
                    + first.output());
            Document running = runs.find(Filters.eq("status", "running")).first();
            assertNotNull(running, "the killed run is left running in _sync_runs");
            crashed = running.getString("_id");
        }
        try (ServiceProcess second = ServiceProcess.start(env)) {
            long restarted = System.nanoTime();
            Document finished = second.awaitValue(Duration.ofSeconds(90), Duration.ofMillis(200), () -> runs.find(
                    Filters.and(Filters.ne("_id", crashed), Filters.ne("status", "running")))
                    .sort(Sorts.descending("started_at")).first());
            assertNotNull(finished, "no run finished after the restart (the next run is a day away unless the"
                    + " interrupted load resumes at once)\n" + second.output());
            System.out.printf("Load finished %d ms after the restart (process start included)%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            assertEquals("success", finished.getString("status"), finished.toJson() + "\n" + second.output());
            List<Document> results = finished.getList("results", Document.class, new ArrayList<>());
            assertEquals("success", results.get(0).getString("status"),
                    "the restarted process takes its own lease back rather than skipping the table: "
                            + finished.toJson());
            Document old = runs.find(Filters.eq("_id", crashed)).first();
            assertEquals("abandoned", old.getString("status"), old.toJson());
            assertNotNull(old.get("finished_at"), old.toJson());
            assertTrue(second.output().contains("Resuming at once after a restart"), second.output());
        }
        Map<Integer, Document> docs = new HashMap<>();
        for (Document d : products.find()) {
            docs.put(d.getInteger("_id"), d);
        }
        assertEquals(ROWS, docs.size());
        try (Connection c = TestDatabase.connect(DB); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, name, price FROM products")) {
            while (rs.next()) {
                Document d = docs.get(rs.getInt(1));
                assertNotNull(d, "row " + rs.getInt(1) + " missing");
                assertEquals(rs.getString(2), d.getString("name"));
                BigDecimal price = rs.getBigDecimal(3);
                assertEquals(0, price.compareTo(d.get("price", Decimal128.class).bigDecimalValue()),
                        "price of " + rs.getInt(1));
            }
        }
    }
}
