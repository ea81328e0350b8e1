package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.StandaloneMongo;
import io.mysqlmongosync.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * An initial load of 200,000 rows completes in a service started with {@code -Xmx128m}: memory is bounded by
 * the page size, not the table size. The Mongo wire server runs in its own JVM so its data does not count.
 */
class MemoryPackagedIT {

    static final String DB = "mms_memory";
    static final int ROWS = 200_000;

    @Test
    void twoHundredThousandRowsWith128MegabyteHeap() throws Exception {
        TestDatabase.recreate(DB, null);
        TestDatabase.exec(DB, "CREATE TABLE products (id INT PRIMARY KEY, sku VARCHAR(40) NOT NULL, name VARCHAR(200) NOT NULL,"
                + " description TEXT, price DECIMAL(12,2) NOT NULL, attributes JSON, status ENUM('draft','active') NOT NULL,"
                + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX idx_updated (updated_at))");
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, description, price, attributes, status) SELECT seq,"
                + " CONCAT('SKU-', seq), CONCAT('Product ', seq), REPEAT('lorem ipsum ', 10), seq / 100,"
                + " CONCAT('{\"color\":\"c', seq % 7, '\",\"size\":', seq % 5, '}'), 'active' FROM seq_1_to_" + ROWS);
        int mongoPort = ServiceProcess.freePort();
        Process mongoProcess = ServiceProcess.startJava(StandaloneMongo.class.getName(), "3g", String.valueOf(mongoPort));
        String uri = "mongodb://127.0.0.1:" + mongoPort;
        Map<String, String> env = ServiceEnv.of(DB, uri, "memory", "products", "SYNC_TICK", "1s",
                "QUARKUS_LOG_CONSOLE_JSON", "false");
        try (MongoClient client = MongoClients.create(uri);
                ServiceProcess service = ServiceProcess.start(env, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError")) {
            Instant start = Instant.now();
            AtomicLong loaded = new AtomicLong();
            AtomicLong peak = new AtomicLong();
            try {
                // polled once a second: each poll also samples the resident set size
                await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    loaded.set(client.getDatabase("memory").getCollection("products").countDocuments());
                    peak.accumulateAndGet(rssKb(service.pid()), Math::max);
                    return !service.alive() || loaded.get() == ROWS && service.output().contains("Table products synced");
                });
            } catch (ConditionTimeoutException e) {
                // asserted below with the count reached
            }
            long count = loaded.get();
            long peakRssKb = peak.get();
            System.out.printf("MemoryPackagedIT: %d rows in %d s with -Xmx128m, peak RSS %d MiB%n", count,
                    Duration.between(start, Instant.now()).toSeconds(), peakRssKb / 1024);
            assertTrue(service.alive(), "the service died (out of memory?):\n" + tail(service.output()));
            assertEquals(ROWS, count, tail(service.output()));
            assertTrue(!service.output().contains("OutOfMemoryError"), tail(service.output()));
        } finally {
            mongoProcess.destroyForcibly();
            TestDatabase.exec(DB, "DROP TABLE products");
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
