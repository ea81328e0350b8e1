package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged service refuses to start on bad configuration, naming the variable and the value. */
class StartupPackagedIT {

    static final String DB = "mms_startup";
    static final String SECRET = "s3cr3t-Pa55-never-logged";
    static MongoServer mongo;
    static String mongoUri;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/items.sql");
        TestDatabase.exec(DB, "CREATE TABLE nopk (name VARCHAR(10), updated_at DATETIME(6))");
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    }

    @AfterAll
    static void tearDown() {
        mongo.shutdownNow();
    }

    private static Map<String, String> env(String... pairs) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", "127.0.0.1");
        env.put("MYSQL_PORT", Integer.toString(TestDatabase.port()));
        env.put("MYSQL_USER", TestDatabase.user());
        env.put("MYSQL_PASSWORD", TestDatabase.password());
        env.put("MYSQL_DATABASE", DB);
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", "startup");
        env.put("SYNC_TABLES", "products");
        env.put("SYNC_ENABLED", "false");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ServiceProcess.freePort()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String failedStart(String... pairs) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(env(pairs))) {
            Integer code = p.awaitExit(Duration.ofSeconds(60));
            assertNotNull(code, "the service should have refused to start:\n" + p.output());
            assertTrue(code != 0, "non-zero exit code expected");
            return p.output();
        }
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

    @Test
    void unknownTableStopsStartUp() throws Exception {
        String out = failedStart("SYNC_TABLES", "products,nosuch");
        assertTrue(out.contains("SYNC_TABLES names 'nosuch'"), out);
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
        assertTrue(out.contains("Invalid mapping " + file + ":4: collection 'products': rename: column 'nmae' does not "
                + "exist in table products"), out);
    }

    @Test
    void mappingFileWithABadExpressionStopsStartUpEvenWithoutMySql() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("mapping", ".yaml");
        java.nio.file.Files.writeString(file, "collections:\n  products:\n    computed:\n      x: 'price *'\n");
        String out = failedStart("SYNC_MAPPING_FILE", file.toString(), "MYSQL_PORT", "1");
        assertTrue(out.contains("Invalid mapping " + file + ":4: collection 'products': computed field 'x': expression "
                + "'price *', at character 8: the expression ends where a value was expected"), out);
        assertTrue(failedStart("SYNC_MAPPING_FILE", "/nonexistent/mapping.yaml").contains(
                "Invalid mapping /nonexistent/mapping.yaml: SYNC_MAPPING_FILE names a file that does not exist"));
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
            p.awaitOutput("MySQL", Duration.ofSeconds(60));
            Thread.sleep(1000);
            return p.output();
        }
    }
}
