package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad settings are refused with a message naming the environment variable and its value. */
class EnvironmentValueRulesTest {

    private static SyncConfig build(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .withInterceptors(new EnvironmentValueRules())
                .withMapping(SyncConfig.class)
                .build();
        return config.getConfigMapping(SyncConfig.class);
    }

    private static String failure(Map<String, String> values) {
        Throwable t = assertThrows(Throwable.class, () -> build(values));
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void defaultsAreTheSeedsDefaults() {
        SyncConfig c = build(Map.of());
        assertEquals(60, c.intervalMinutes());
        assertEquals(1000, c.batchSize());
        assertEquals(3, c.maxRetries());
        assertEquals(30, c.retryDelay());
        assertEquals(java.util.List.of("products", "orders", "customers", "inventory", "categories"), c.tables());
        assertTrue(c.enabled());
    }

    @Test
    void parallelismDefaultsSuitTwoCores() {
        SyncConfig c = build(Map.of());
        assertEquals(2, c.parallelTables());
        assertEquals(2, c.loadPartitions());
        assertEquals(50_000L, c.loadPartitionMinRows());
        SyncConfig set = build(Map.of("sync.parallel-tables", "4", "sync.load-partitions", "1",
                "sync.load-partition-min-rows", "0"));
        assertEquals(4, set.parallelTables());
        assertEquals(1, set.loadPartitions());
        assertEquals(0L, set.loadPartitionMinRows());
    }

    @Test
    void badParallelismNamesTheVariable() {
        String m = failure(Map.of("sync.parallel-tables", "0"));
        assertTrue(m.contains("SYNC_PARALLEL_TABLES='0'"), m);
        assertTrue(m.contains("between 1 and 64"), m);
        m = failure(Map.of("sync.load-partitions", "two"));
        assertTrue(m.contains("SYNC_LOAD_PARTITIONS='two'"), m);
        m = failure(Map.of("sync.load-partition-min-rows", "-1"));
        assertTrue(m.contains("SYNC_LOAD_PARTITION_MIN_ROWS='-1'"), m);
    }

    @Test
    void batchSizeZeroNamesTheVariable() {
        String m = failure(Map.of("sync.batch-size", "0"));
        assertTrue(m.contains("SYNC_BATCH_SIZE='0'"), m);
        assertTrue(m.contains("between 1 and 100000"), m);
    }

    @Test
    void intervalAbcNamesTheVariable() {
        String m = failure(Map.of("sync.interval-minutes", "abc"));
        assertTrue(m.contains("SYNC_INTERVAL_MINUTES='abc'"), m);
        assertTrue(m.contains("whole number"), m);
        assertTrue(failure(Map.of("sync.interval-minutes", "1441")).contains("SYNC_INTERVAL_MINUTES='1441'"));
    }

    @Test
    void otherRulesNameTheirVariables() {
        assertTrue(failure(Map.of("sync.tables", "products,bad name")).contains("SYNC_TABLES"));
        assertTrue(failure(Map.of("sync.enabled", "yes")).contains("SYNC_ENABLED='yes'"));
        assertTrue(failure(Map.of("sync.source-time-zone", "Mars/Base")).contains("SYNC_SOURCE_TIME_ZONE"));
        assertTrue(failure(Map.of("sync.null-mode", "drop")).contains("SYNC_NULL_MODE='drop'"));
        assertTrue(failure(Map.of("sync.tick", "often")).contains("SYNC_TICK='often'"));
        assertTrue(failure(Map.of("sync.stall-timeout-seconds", "0")).contains("SYNC_STALL_TIMEOUT_SECONDS='0'"));
    }

    @Test
    void variablesReadThroughExpressionsAreCheckedToo() {
        assertEquals("must be between 1 and 1000", EnvironmentValueRules.check("MYSQL_MAX_POOL_SIZE", "0"));
        assertEquals("must be a whole number between 1 and 65535", EnvironmentValueRules.check("MYSQL_PORT", "x"));
        assertNull(EnvironmentValueRules.check("MYSQL_PORT", "3306"));
        // 0 would mean no bound: a silent MySQL connection would hang a page read for ever.
        assertEquals("must be between 1000 and 86400000", EnvironmentValueRules.check("MYSQL_SOCKET_TIMEOUT_MS", "0"));
        assertNull(EnvironmentValueRules.check("MYSQL_SOCKET_TIMEOUT_MS", "600000"));
        assertNull(EnvironmentValueRules.check("NOT_A_RULE", "anything"));
    }
}
