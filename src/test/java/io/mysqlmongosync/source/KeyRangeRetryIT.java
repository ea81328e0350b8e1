package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.TestProxies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The key-range query of a split load retries as often as SYNC_MAX_RETRIES says, like every other boundary call
 * (it once had its own hard-coded 3): with MySQL unreachable and SYNC_MAX_RETRIES=4, it is tried 1 + 4 times.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_key_range_retry"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mysqlProxy", value = "true"),
    @ResourceArg(name = "sync.max-retries", value = "4"),
    @ResourceArg(name = "quarkus.datasource.jdbc.acquisition-timeout", value = "2S")})
class KeyRangeRetryIT {

    TestProxies proxies;

    @Inject
    KeysetPageReader reader;

    @Inject
    SchemaDiscovery discovery;

    @Test
    void keyRangeRetriesSyncMaxRetriesTimesThenFails() throws Exception {
        assertNotNull(proxies, "the test resource injects the MySQL proxy");
        TestDatabase.exec("mms_key_range_retry", "INSERT INTO products (id, name, price) VALUES (7, 'a', 1), (42, 'b', 2)");
        TableSchema products = discovery.discoverOnce("products");
        assertArrayEquals(new long[] {7, 42}, reader.keyRange(products, products.primaryKey().get(0)));

        LogCapture retries = LogCapture.of(io.mysqlmongosync.metrics.RetryLogger.class);
        proxies.mysql().stop();
        try {
            assertThrows(SQLException.class, () -> reader.keyRange(products, products.primaryKey().get(0)));
        } finally {
            proxies.mysql().start();
            retries.detach();
        }
        List<String> keyRangeRetries = retries.messages().stream()
                .filter(m -> m.startsWith("Retrying KeysetPageReader.keyRange after:")).toList();
        assertEquals(4, keyRangeRetries.size(), retries.messages().toString());
        assertArrayEquals(new long[] {7, 42}, reader.keyRange(products, products.primaryKey().get(0)),
                "answers again once MySQL is back");
    }
}
