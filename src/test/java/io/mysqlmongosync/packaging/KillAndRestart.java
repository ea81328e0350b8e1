package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the kill -9 and restart tests share: their MariaDB database, the in-process MongoDB target with a client on
 * it, the service's environment and its run history. A {@code @RegisterExtension} static field: the database is
 * recreated and the target started before the test class, the target shut down after it.
 */
final class KillAndRestart implements BeforeAllCallback, AfterAllCallback {

    final String database;
    private final String schema;
    private final String mongoDatabase;
    private final boolean oplog;
    private InProcessMongo mongo;
    private MongoClient client;
    private MongoDatabase target;

    /** The database {@code database} made from {@code schema}; the target {@code mongoDatabase}, with an oplog if asked. */
    KillAndRestart(String database, String schema, String mongoDatabase, boolean oplog) {
        this.database = database;
        this.schema = schema;
        this.mongoDatabase = mongoDatabase;
        this.oplog = oplog;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestDatabase.recreate(database, schema);
        mongo = oplog ? InProcessMongo.startWithOplog() : InProcessMongo.start();
        client = MongoClients.create(mongo.uri());
        target = client.getDatabase(mongoDatabase);
    }

    /** The service syncing {@code tables} (scheduler on, runs a day apart, pages of 200), then {@code pairs}. */
    Map<String, String> env(String tables, String... pairs) throws IOException {
        return ServiceEnv.with(ServiceEnv.sync(database, mongo.uri(), target.getName(), tables, "SYNC_BATCH_SIZE", "200"),
                pairs);
    }

    /** The target's collection {@code name}. */
    MongoCollection<Document> collection(String name) {
        return target.getCollection(name);
    }

    /** The one number {@code sql} selects from the database. */
    long scalar(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column (a key) of {@code sql}'s rows mapped to the second. */
    Map<Integer, Integer> ints(String sql) throws SQLException {
        Map<Integer, Integer> rows = new HashMap<>();
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return rows;
    }

    /** The newest finished run started after {@code after}, once there is one within {@code timeout}; else null. */
    Document finishedRun(ServiceProcess p, Date after, Duration timeout) {
        return p.awaitValue(timeout, Duration.ofMillis(200), () -> collection("_sync_runs").find(Filters.and(
                Filters.gt("started_at", after), Filters.nin("status", List.of("running", "abandoned"))))
                .sort(Sorts.descending("started_at")).first());
    }

    /**
     * The first finished run of a process restarted at {@code restarted}: the one it starts by itself, else (after
     * 20 s) one triggered.
     */
    Document runAfterRestart(ServiceProcess p, Date restarted) throws IOException, InterruptedException {
        Document run = finishedRun(p, restarted, Duration.ofSeconds(20));
        if (run == null) {
            p.trigger(null); // when the restart does not start a run by itself
            run = finishedRun(p, restarted, Duration.ofSeconds(180));
        }
        return run;
    }

    /**
     * Starts the service again with {@code env}: its first run (see {@link #runAfterRestart}) succeeds and its forward
     * pass rewrites nothing (the {@code counters} of its table's result add up to 0).
     */
    void restartRewritingNothing(Map<String, String> env, String... counters) throws Exception {
        Date restarted = new Date();
        try (ServiceProcess second = ServiceProcess.start(env)) {
            Document run = runAfterRestart(second, restarted);
            assertNotNull(run, "no run after the restart\n" + second.output());
            assertEquals("success", run.getString("status"), run.toJson());
            Document result = run.getList("results", Document.class).get(0);
            assertEquals(0L, Arrays.stream(counters).mapToLong(c -> ((Number) result.get(c)).longValue()).sum(),
                    "the forward pass rewrote nothing: " + result.toJson());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        mongo.close();
    }
}
