package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rows are never lost: at page boundaries, under concurrent writes, and when a transaction commits late. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_zeroloss"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.batch-size", value = "100"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ZeroLossIT extends EngineFixture {

    static final String DB = "mms_zeroloss";

    @Inject
    io.mysqlmongosync.sink.CheckpointStore checkpoints;

    MongoCollection<Document> products() {
        return coll("products");
    }

    @BeforeEach
    void clean() {
        TestDatabase.exec(DB, "DELETE FROM products");
        products().drop();
        checkpoints.reset("products");
    }

    @Test
    void rowsSharingOneTimestampAcrossManyPagesAllArrive() throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement()) {
            s.execute("INSERT INTO products (id, name, price, updated_at) SELECT seq, CONCAT('p', seq), 1.00,"
                    + " '2024-06-01 12:00:00.000000' FROM seq_1_to_2500");
        }
        TableResult initial = pass("products");
        assertEquals(2500, initial.created());
        assertEquals(2500, products().countDocuments());

        // Every row changes to one new identical timestamp: 25 pages of ties on the change column.
        TestDatabase.exec(DB, "UPDATE products SET price = 2.00, updated_at = NOW(6) - INTERVAL 1 SECOND");
        TableResult incremental = pass("products");
        assertEquals("incremental", incremental.mode());
        assertEquals(2500, incremental.updated());
        assertEquals(2500, products().countDocuments(new Document("price", new Decimal128(new BigDecimal("2.00")))));
    }

    @Test
    void concurrentInsertsAndUpdatesDuringAPassAreAllSyncedByTheNext() throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement()) {
            s.execute("INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.00 FROM seq_1_to_3000");
        }
        AtomicBoolean stop = new AtomicBoolean();
        // A FutureTask, so that an exception of the writer fails the test (a plain thread would only print it).
        java.util.concurrent.FutureTask<Integer> writer = new java.util.concurrent.FutureTask<>(() -> {
            int next = 100_000;
            try (Connection c = TestDatabase.connect(DB);
                    PreparedStatement ins = c.prepareStatement("INSERT INTO products (id, name, price) VALUES (?, ?, 3.00)");
                    PreparedStatement upd = c.prepareStatement("UPDATE products SET price = price + 1 WHERE id = ?")) {
                while (!stop.get()) {
                    ins.setInt(1, next);
                    ins.setString(2, "new" + next++);
                    ins.executeUpdate();
                    upd.setInt(1, ThreadLocalRandom.current().nextInt(1, 3001));
                    upd.executeUpdate();
                }
            }
            return next - 100_000;
        });
        Thread thread = new Thread(writer, "zero-loss-writer");
        thread.start();
        int written;
        try {
            engine.run("manual", List.of("products"), false);
            engine.run("manual", List.of("products"), false);
        } finally {
            stop.set(true);
            thread.join(60_000);
        }
        try {
            written = writer.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the concurrent writer failed, so the test proves nothing", e.getCause());
        }
        assertTrue(written > 0, "the writer inserted and updated rows while the passes ran");
        engine.run("manual", List.of("products"), false);
        assertTargetEqualsSource();
    }

    @Test
    void lateCommitWithOlderTimestampInsideLookbackIsNotMissed() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'first', 1.00)");
        engine.run("manual", List.of("products"), false);
        try (Connection late = TestDatabase.connect(DB)) {
            late.setAutoCommit(false);
            try (Statement s = late.createStatement()) {
                // Its updated_at is taken now, but the transaction commits only after the next pass.
                s.execute("INSERT INTO products (id, name, price, updated_at) VALUES (2, 'late', 1.00, NOW(6) - INTERVAL 10 SECOND)");
            }
            TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (3, 'newer', 1.00)");
            engine.run("manual", List.of("products"), false);
            assertNotNull(products().find(new Document("_id", 3)).first(), "the newer row moved the cursor past the late one");
            assertEquals(null, products().find(new Document("_id", 2)).first());
            late.commit();
        }
        engine.run("manual", List.of("products"), false);
        assertNotNull(products().find(new Document("_id", 2)).first());
        assertTargetEqualsSource();
    }

    private void assertTargetEqualsSource() throws Exception {
        Map<Integer, BigDecimal> source = new HashMap<>();
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, price FROM products")) {
            while (rs.next()) {
                source.put(rs.getInt(1), rs.getBigDecimal(2));
            }
        }
        Map<Integer, BigDecimal> target = new HashMap<>();
        for (Document d : products().find()) {
            target.put(d.getInteger("_id"), ((Decimal128) d.get("price")).bigDecimalValue());
        }
        assertEquals(source.size(), target.size());
        assertEquals(source, target);
    }
}
