package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return ConfigUnderTest.build(values);
    }

    private static String failure(Map<String, String> values) {
        return ConfigUnderTest.failure(values);
    }

    @Test
    void defaultsAreTheSeedsDefaultsExceptTheTimeBudget() {
        SyncConfig c = build(Map.of());
        assertEquals(60, c.intervalMinutes());
        assertEquals(1000, c.batchSize());
        // Issue 28: 2 retries from 1 s with 5 s per call (18 s) fit a 30 s lease; the seed's 3 from 30 s did not.
        assertEquals(2, c.maxRetries());
        assertEquals(1, c.retryDelay());
        assertEquals(5, c.operationTimeoutSeconds());
        assertEquals(30, c.leaseSeconds());
        assertEquals(java.util.List.of("products", "orders", "customers", "inventory", "categories"), c.tables());
        assertTrue(c.enabled());
    }

    @Test
    void parallelismDefaultsSuitTwoCores() {
        SyncConfig c = build(Map.of());
        assertEquals(2, c.parallelTables());
        assertEquals(2, c.loadPartitions());
        assertEquals(250_000L, c.loadPartitionMinRows());
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

    /** Settings of other mappings (binlog capture, the audit trail) are checked with the rest, before any bean. */
    @Test
    void cdcBatchAndAuditBoundsNameTheVariable() {
        String m = failure(Map.of("SYNC_CDC_BATCH_ROWS", "0"));
        assertTrue(m.contains("Invalid configuration: SYNC_CDC_BATCH_ROWS='0' must be between 1 and 100000"), m);
        m = failure(Map.of("SYNC_CDC_BATCH_MILLIS", "60001"));
        assertTrue(m.contains("Invalid configuration: SYNC_CDC_BATCH_MILLIS='60001' must be between 0 and 60000"), m);
        m = failure(Map.of("SYNC_API_AUDIT_MAX_ENTRIES", "99"));
        assertTrue(m.contains(
                "Invalid configuration: SYNC_API_AUDIT_MAX_ENTRIES='99' must be between 100 and 10000000"), m);
        m = failure(Map.of("SYNC_API_AUDIT_RETENTION_DAYS", "3651"));
        assertTrue(m.contains(
                "Invalid configuration: SYNC_API_AUDIT_RETENTION_DAYS='3651' must be between 1 and 3650"), m);
        m = failure(Map.of("SYNC_API_AUDIT_REFUSED_PER_MINUTE", "-1"));
        assertTrue(m.contains(
                "Invalid configuration: SYNC_API_AUDIT_REFUSED_PER_MINUTE='-1' must be between 0 and 10000"), m);
        // As the environment sets them (these mappings are not built here); the bounds themselves are accepted.
        build(Map.of("SYNC_CDC_BATCH_ROWS", "100000", "SYNC_CDC_BATCH_MILLIS", "0", "SYNC_API_AUDIT_MAX_ENTRIES",
                "100", "SYNC_API_AUDIT_RETENTION_DAYS", "3650", "SYNC_API_AUDIT_REFUSED_PER_MINUTE", "0"));
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
    void operationTimeoutIsABoundedNumberOfSeconds() {
        for (String bad : new String[] {"0", "1", "3601", "5s", "-5"}) {
            String message = failure(Map.of("sync.operation-timeout-seconds", bad));
            assertTrue(message.contains("SYNC_OPERATION_TIMEOUT_SECONDS='" + bad + "'"), message);
        }
        assertEquals("must be between 2 and 3600", EnvironmentValueRules.check("SYNC_OPERATION_TIMEOUT_SECONDS", "0"));
        assertNull(EnvironmentValueRules.check("SYNC_OPERATION_TIMEOUT_SECONDS", "30"));
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

    /** A configuration like the service's: application.properties reads the variables through expressions. */
    private static String lookupFailure(Map<String, String> env, String property) {
        Map<String, String> properties = Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:mysql://${MYSQL_HOST:localhost}:${MYSQL_PORT:3306}/db",
                "quarkus.datasource.jdbc.max-size", "${MYSQL_MAX_POOL_SIZE:10}",
                "quarkus.mongodb.connection-string", "${MONGODB_URI:mongodb://localhost:27017}",
                "quarkus.http.auth.permission.metrics.policy", "${SYNC_METRICS_POLICY:permit}");
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withSources(new PropertiesConfigSource(env, "env", 300))
                .withInterceptors(new EnvironmentValueRules(), new SecretFileValues())
                .build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> config.getRawValue(property));
        return e.getMessage();
    }

    @Test
    void variablesReadOnlyThroughExpressionsStopStartUpNamingThem() {
        assertEquals("Invalid configuration: MYSQL_PORT='abc' must be a whole number between 1 and 65535",
                lookupFailure(Map.of("MYSQL_PORT", "abc"), "quarkus.datasource.jdbc.url"));
        assertEquals("Invalid configuration: MYSQL_MAX_POOL_SIZE='0' must be between 1 and 1000",
                lookupFailure(Map.of("MYSQL_MAX_POOL_SIZE", "0"), "quarkus.datasource.jdbc.max-size"));
        assertEquals("Invalid configuration: SYNC_METRICS_POLICY='open' must be one of permit, viewer",
                lookupFailure(Map.of("SYNC_METRICS_POLICY", "open"), "quarkus.http.auth.permission.metrics.policy"));
    }

    @Test
    void everySettingIsCheckedAtTheFirstLookupOfAnyOfThem() {
        // MYSQL_PORT is bad; the first setting read is another one: the whole table is checked then.
        assertEquals("Invalid configuration: MYSQL_PORT='abc' must be a whole number between 1 and 65535",
                lookupFailure(Map.of("MYSQL_PORT", "abc"), "quarkus.http.auth.permission.metrics.policy"));
    }

    @Test
    void mongodbUriIsCheckedAndShownWithoutItsPassword() {
        assertEquals("Invalid configuration: MONGODB_URI='garbage' must be a MongoDB connection string starting with "
                + "mongodb:// or mongodb+srv://", lookupFailure(Map.of("MONGODB_URI", "garbage"),
                "quarkus.mongodb.connection-string"));
        String http = lookupFailure(Map.of("MONGODB_URI", "http://app:Pa55word@mongo:27017/"),
                "quarkus.mongodb.connection-string");
        assertEquals("Invalid configuration: MONGODB_URI='http://app:****@mongo:27017/' must be a MongoDB connection "
                + "string starting with mongodb:// or mongodb+srv://", http);
        String empty = lookupFailure(Map.of("MONGODB_URI", "mongodb://"), "quarkus.mongodb.connection-string");
        assertTrue(empty.startsWith("Invalid configuration: MONGODB_URI='mongodb://' is not a valid MongoDB connection "
                + "string ("), empty);
        String badPort = lookupFailure(Map.of("MONGODB_URI", "mongodb://app:Pa55word@mongo:99999/"),
                "quarkus.mongodb.connection-string");
        assertTrue(badPort.startsWith("Invalid configuration: MONGODB_URI='mongodb://app:****@mongo:99999/' is not a "
                + "valid MongoDB connection string"), badPort);
        assertFalse(badPort.contains("Pa55word"), badPort);
        assertNull(EnvironmentValueRules.check("MONGODB_URI", "mongodb+srv://app:pw@cluster0.example.net/?w=majority"));
        assertNull(EnvironmentValueRules.check("MONGODB_URI", "mongodb://a:1,b:2/?replicaSet=rs0"));
        assertEquals("mongodb+srv://u:****@h/db", EnvironmentValueRules.maskPassword("mongodb+srv://u:p/w@d@h/db"));
    }

    @Test
    void mongodbUriFromAFileIsCheckedToo() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("uri", ".txt");
        java.nio.file.Files.writeString(file, "http://app:Pa55word@mongo/\n");
        String m = lookupFailure(Map.of("MONGODB_URI_FILE", file.toString()), "quarkus.mongodb.connection-string");
        assertTrue(m.startsWith("Invalid configuration: MONGODB_URI='http://app:****@mongo/'"), m);
    }

    @Test
    void blankTableListIsRefused() {
        String m = failure(Map.of("sync.tables", " , "));
        assertTrue(m.contains("SYNC_TABLES=' , ' has an empty name"), m);
        assertTrue(failure(Map.of("sync.tables", "products,")).contains("SYNC_TABLES='products,'"));
    }

    @Test
    void connectionSettingsHaveRules() {
        assertEquals("must be a host name or IP address (letters, digits, '.', '-', ':', at most 255)",
                EnvironmentValueRules.check("MYSQL_HOST", "db/x?y"));
        assertNull(EnvironmentValueRules.check("MYSQL_HOST", "mysql-0.mysql.data.svc.cluster.local"));
        assertTrue(EnvironmentValueRules.check("MYSQL_DATABASE", "shop?x=1").startsWith("must be a database name"));
        assertTrue(EnvironmentValueRules.check("MONGODB_DATABASE", "a.b").startsWith("must be a MongoDB database"));
        assertTrue(EnvironmentValueRules.check("SYNC_ALERT_WEBHOOK_URL", "hooks.example.com").startsWith("must be"));
        assertNull(EnvironmentValueRules.check("SYNC_ALERT_WEBHOOK_URL", "https://hooks.example.com/x"));
        assertNull(EnvironmentValueRules.check("SYNC_SOFT_DELETE_COLUMNS", "none"));
        assertEquals("must be true or false", EnvironmentValueRules.check("MYSQL_COMPRESSION", "on"));
    }
}
