package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TcpProxy;
import io.mysqlmongosync.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of an initial load while MongoDB is silent (its connections stay open, nothing comes back:
 * no FIN, no RST): the process ends within 10 s all the same (issue 28), whatever its page write, checkpoint save,
 * run record and lease release are waiting for.
 */
class ShutdownPackagedIT {

    static final String DB = "mms_shutdown";
    static final int ROWS = 60_000;
    static final Duration LIMIT = Duration.ofSeconds(10);
    static InProcessMongo mongo;
    static TcpProxy proxy;

    @BeforeAll
    static void setUp() throws Exception {
        TestDatabase.recreate(DB, "/db/items.sql");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('product ', seq), seq / 100"
                + " FROM seq_1_to_" + ROWS);
        mongo = InProcessMongo.start();
        proxy = new TcpProxy(mongo.port());
        proxy.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        proxy.close();
        mongo.close();
    }

    @Test
    void sigtermWhileMongoIsSilentEndsTheProcessWithinTenSeconds() throws Exception {
        Map<String, String> env = ServiceEnv.sync(DB, "mongodb://127.0.0.1:" + proxy.port(), "shutdown", "products",
                "SYNC_BATCH_SIZE", "200");
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + proxy.targetPort());
                ServiceProcess service = ServiceProcess.start(env)) {
            MongoCollection<Document> products = client.getDatabase("shutdown").getCollection("products");
            service.awaitUntil("the load started", Duration.ofSeconds(120), Duration.ofMillis(20),
                    () -> products.countDocuments() >= 2_000);
            proxy.silence();
            try {
                // A second of silence, so that the load's next write (and the driver's monitor) wait on it when the
                // signal comes; it does not shorten what the process has to get through.
                await("silenced mid-load").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> products.countDocuments() < ROWS);
                long signalled = System.nanoTime();
                service.terminate();
                Integer code = service.awaitExit(LIMIT.plusSeconds(20));
                Duration took = Duration.ofNanos(System.nanoTime() - signalled);
                assertNotNull(code, "still running " + LIMIT.plusSeconds(20).toSeconds() + " s after SIGTERM\n"
                        + service.output());
                System.out.printf("Exited (status %d) %d ms after SIGTERM with MongoDB silent; the service's last lines:%n%s%n",
                        code, took.toMillis(), service.output().lines().skip(Math.max(0,
                                service.output().lines().count() - 25)).collect(java.util.stream.Collectors.joining("\n")));
                assertTrue(took.compareTo(LIMIT) <= 0, "exited " + took.toMillis() + " ms after SIGTERM, over "
                        + LIMIT.toSeconds() + " s\n" + service.output());
            } finally {
                proxy.unsilence();
            }
        }
    }
}
