package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged service refuses to start on bad configuration, naming the variable and the value. */
class StartupPackagedIT {

    static final String DB = "mms_startup";
    static final String SECRET = "s3cr3t-Pa55-never-logged";

    @RegisterExtension
    static final InProcessMongo mongo = InProcessMongo.start();

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/items.sql");
        TestDatabase.exec(DB, "CREATE TABLE nopk (name VARCHAR(10), updated_at DATETIME(6))");
    }

    private static Map<String, String> env(String... pairs) throws Exception {
        return ServiceEnv.with(ServiceEnv.of(DB, mongo.uri(), "startup", "products", "SYNC_ENABLED", "false"), pairs);
    }

    private static String failedStart(String... pairs) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(env(pairs))) {
            Integer code = p.awaitExit(Duration.ofSeconds(60));
            assertNotNull(code, "the service should have refused to start:\n" + p.output());
            assertTrue(code != 0, "non-zero exit code expected");
            String out = p.output();
            // Every refusal names its cause in a line of its own, never only inside Quarkus' generic failure.
            assertFalse(out.contains("Failed to start application"), out);
            return out;
        }
    }

    /** {@code message} is printed as a plain line of its own (not only nested in a logged exception), once. */
    private static void assertPlainLine(String out, String message) {
        assertEquals(1, out.lines().filter(l -> l.startsWith(message)).count(),
                "one line starting with <" + message + "> expected:\n" + out);
    }

    @Test
    void aLeaseThatOnePageWriteWithItsRetriesCouldOutlastStopsStartUp() throws Exception {
        // The default 30 s lease against 3 retries from 30 s (the seed's old retry defaults) and 5 s calls.
        String out = failedStart("SYNC_MAX_RETRIES", "3", "SYNC_RETRY_DELAY", "30");
        assertTrue(out.contains("Invalid configuration: SYNC_LEASE_SECONDS='30' must exceed one page write with all"
                + " its retries plus a tenth of the lease: SYNC_MAX_RETRIES=3 retries after SYNC_RETRY_DELAY=30"
                + " doubling"), out);
        assertTrue(out.contains("SYNC_OPERATION_TIMEOUT_SECONDS, or MONGODB_SOCKET_TIMEOUT_MS +"
                + " MONGODB_SERVER_SELECTION_TIMEOUT_MS when shorter"), out);
        assertTrue(out.contains("set SYNC_LEASE_SECONDS above"), out);
    }

    @Test
    void anOperationTimeoutOutOfRangeStopsStartUpNamingTheVariable() throws Exception {
        String out = failedStart("SYNC_OPERATION_TIMEOUT_SECONDS", "0");
        assertTrue(out.contains("Invalid configuration: SYNC_OPERATION_TIMEOUT_SECONDS='0' must be between 2 and 3600"),
                out);
    }

    @Test
    void batchSizeZeroStopsStartUp() throws Exception {
        String out = failedStart("SYNC_BATCH_SIZE", "0");
        assertTrue(out.contains("SYNC_BATCH_SIZE='0'"), out);
    }

    @Test
    void intervalNotANumberStopsStartUp() throws Exception {
        String out = failedStart("SYNC_INTERVAL_MINUTES", "abc");
        assertTrue(out.contains("SYNC_INTERVAL_MINUTES='abc'"), out);
    }

    /**
     * Each bad value stops start-up with a non-zero exit code and one message naming the variable and the value.
     * Before the variables read through application.properties expressions were checked, MONGODB_URI, the metrics
     * policy and the pool size failed with Quarkus' or the driver's words, a blank table list started and blamed
     * MySQL, and MYSQL_PORT=abc kept the service running.
     */
    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
        "MONGODB_URI         | garbage                 | MONGODB_URI='garbage' must be a MongoDB connection string starting with mongodb:// or mongodb+srv://",
        "MONGODB_URI         | mongodb://              | MONGODB_URI='mongodb://' is not a valid MongoDB connection string",
        "MONGODB_URI         | http://app:" + SECRET + "@mongo:27017/ | MONGODB_URI='http://app:****@mongo:27017/' must be a MongoDB connection string",
        "SYNC_METRICS_POLICY | open                    | SYNC_METRICS_POLICY='open' must be one of permit, viewer",
        "MYSQL_MAX_POOL_SIZE | 0                       | MYSQL_MAX_POOL_SIZE='0' must be between 1 and 1000",
        "SYNC_TABLES         | ' , '                   | SYNC_TABLES=' , ' has an empty name",
        "MYSQL_PORT          | abc                     | MYSQL_PORT='abc' must be a whole number between 1 and 65535",
        "MYSQL_HOST          | db/x                    | MYSQL_HOST='db/x' must be a host name or IP address",
        "SYNC_CAPTURE_MODE   | trigger                 | SYNC_CAPTURE_MODE='trigger' must be one of auto, polling, binlog, rescan, timestamp",
        "SYNC_PRODUCTS_CAPTURE_MODE | poll             | SYNC_PRODUCTS_CAPTURE_MODE='poll' must be one of auto, polling, binlog, rescan, timestamp",
        "SYNC_PRODUCTS_INTERVAL_MINUTES | 0            | SYNC_PRODUCTS_INTERVAL_MINUTES='0' must be a whole number of minutes from 1 to 1440",
        "SYNC_PRODUCTS_INTERVAL_MINUTES | hourly       | SYNC_PRODUCTS_INTERVAL_MINUTES='hourly' must be a whole number of minutes from 1 to 1440",
        "SYNC_REVERSE_CAPTURE | oplog                  | SYNC_REVERSE_CAPTURE='oplog' must be one of auto, stream, polling",
    })
    void badSettingStopsStartUpNamingTheVariable(String variable, String value, String message) throws Exception {
        String out = failedStart(variable, value);
        assertPlainLine(out, "Invalid configuration: " + message);
        assertFalse(out.contains(SECRET), "no password in the output:\n" + out);
        assertFalse(out.contains("Exception in monitor thread"), "nothing may connect before the check:\n" + out);
    }

    @Test
    void mongodbUriFromAFileIsCheckedLikeTheVariable() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("mongodb-uri", ".txt");
        java.nio.file.Files.writeString(file, "mongodb+srv://app:" + SECRET + "@a.example.net:27017,b.example.net/\n");
        Map<String, String> env = env("MONGODB_URI_FILE", file.toString());
        env.remove("MONGODB_URI");
        try (ServiceProcess p = ServiceProcess.start(env)) {
            Integer code = p.awaitExit(Duration.ofSeconds(60));
            assertNotNull(code, "the service should have refused to start:\n" + p.output());
            assertTrue(code != 0, "non-zero exit code expected");
            String out = p.output();
            assertTrue(out.contains("Invalid configuration: MONGODB_URI='mongodb+srv://app:****@a.example.net:27017,"
                    + "b.example.net/' is not a valid MongoDB connection string (mongodb+srv:// takes one host name"
                    + " without a port)"), out);
            assertFalse(out.contains(SECRET), "no password in the output:\n" + out);
        }
    }

    @Test
    void reverseChangeStreamsRequestedFromAMongoDbWithoutThemStopStartUp() throws Exception {
        String out = failedStart("SYNC_REVERSE_TABLES", "products", "SYNC_REVERSE_CAPTURE", "stream");
        assertTrue(out.contains("Invalid configuration: SYNC_REVERSE_CAPTURE='stream' needs MongoDB change streams,"
                + " which this MongoDB does not offer"), out);
    }

    @Test
    void reverseDeletesWithoutChangeStreamsStopStartUpNamingTheTable() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("mapping", ".yaml");
        java.nio.file.Files.writeString(file, "collections:\n  products:\n    reverse: {deletes: true}\n");
        String out = failedStart("SYNC_MAPPING_FILE", file.toString());
        assertTrue(out.contains("Invalid configuration: SYNC_REVERSE_CAPTURE='auto' table products writes deletes"
                + " back (mapping file: reverse: {deletes: true}), which needs MongoDB change streams"), out);
        assertTrue(out.contains("This MongoDB offers none"), out);
        out = failedStart("SYNC_MAPPING_FILE", file.toString(), "SYNC_REVERSE_CAPTURE", "polling");
        assertTrue(out.contains("Invalid configuration: SYNC_REVERSE_CAPTURE='polling' table products writes deletes"
                + " back"), out);
    }

    @Test
    void unknownTableStopsStartUp() throws Exception {
        String out = failedStart("SYNC_TABLES", "products,nosuch");
        assertPlainLine(out, "SYNC_TABLES names 'nosuch'");
    }

    @Test
    void tableWithoutPrimaryKeyIsRefused() throws Exception {
        String out = failedStart("SYNC_TABLES", "products,nopk");
        assertTrue(out.contains("Table 'nopk' has no primary key"), out);
    }

    @Test
    void mappingFileWithAnUnknownColumnStopsStartUpNamingFileAndLine() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("mapping", ".yaml");
        java.nio.file.Files.writeString(file, "collections:\n  products:\n    rename:\n      nmae: title\n");
        String out = failedStart("SYNC_MAPPING_FILE", file.toString());
        assertPlainLine(out, "Invalid mapping " + file + ":4: collection 'products': rename: column 'nmae' does not "
                + "exist in table products");
    }

    @Test
    void mappingFileWithABadExpressionStopsStartUpEvenWithoutMySql() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("mapping", ".yaml");
        java.nio.file.Files.writeString(file, "collections:\n  products:\n    computed:\n      x: 'price *'\n");
        String out = failedStart("SYNC_MAPPING_FILE", file.toString(), "MYSQL_PORT", "1");
        assertPlainLine(out, "Invalid mapping " + file + ":4: collection 'products': computed field 'x': expression "
                + "'price *', at character 8: the expression ends where a value was expected");
        assertPlainLine(failedStart("SYNC_MAPPING_FILE", "/nonexistent/mapping.yaml"),
                "Invalid mapping /nonexistent/mapping.yaml: SYNC_MAPPING_FILE names a file that does not exist");
    }

    @Test
    void goodConfigurationStartsAndNeverPrintsThePassword() throws Exception {
        TestDatabase.exec(DB, "CREATE USER IF NOT EXISTS 'mms_app'@'%' IDENTIFIED BY '" + SECRET + "'");
        TestDatabase.exec(DB, "ALTER USER 'mms_app'@'%' IDENTIFIED BY '" + SECRET + "'");
        TestDatabase.exec(DB, "GRANT SELECT ON " + DB + ".* TO 'mms_app'@'%'");
        TestDatabase.exec(DB, "CREATE USER IF NOT EXISTS 'mms_app'@'localhost' IDENTIFIED BY '" + SECRET + "'");
        TestDatabase.exec(DB, "ALTER USER 'mms_app'@'localhost' IDENTIFIED BY '" + SECRET + "'");
        TestDatabase.exec(DB, "GRANT SELECT ON " + DB + ".* TO 'mms_app'@'localhost'");
        try (ServiceProcess p = ServiceProcess.start(env("MYSQL_USER", "mms_app", "MYSQL_PASSWORD", SECRET))) {
            assertTrue(p.awaitOutput("Table products → collection products", Duration.ofSeconds(60)), p.output());
            assertTrue(p.alive(), p.output());
            assertFalse(p.output().contains(SECRET), "the password must never be logged");
        }
        String wrong = failedStartOrAlive("MYSQL_USER", "mms_app", "MYSQL_PASSWORD", "wrong-" + SECRET);
        assertFalse(wrong.contains(SECRET), "no password in the output");
        assertTrue(wrong.contains("MYSQL_PASSWORD") || wrong.contains("Access denied"), wrong);
    }

    private static String failedStartOrAlive(String... pairs) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(env(pairs))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !p.alive() || p.output().contains("Access denied")
                    || p.output().contains("MYSQL_PASSWORD"));
            return p.output();
        }
    }
}
