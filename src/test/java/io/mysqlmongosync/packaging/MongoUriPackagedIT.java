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

/**
 * The start-up messages for a MONGODB_URI that cannot be resolved (mongodb+srv://, where Quarkus resolves the
 * records while starting) or authenticated: they name MONGODB_URI and never print the password.
 */
class MongoUriPackagedIT {

    static final String DB = "mms_mongouri";
    static final String SECRET = "Uri-S3cret-never-logged";
    static MongoServer mongo;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/items.sql");
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
    }

    @AfterAll
    static void tearDown() {
        mongo.shutdownNow();
    }

    private static Map<String, String> env(String mongoUri) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", "127.0.0.1");
        env.put("MYSQL_PORT", Integer.toString(TestDatabase.port()));
        env.put("MYSQL_USER", TestDatabase.user());
        env.put("MYSQL_PASSWORD", TestDatabase.password());
        env.put("MYSQL_DATABASE", DB);
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", "mongouri");
        env.put("SYNC_TABLES", "products");
        env.put("SYNC_ENABLED", "false");
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ServiceProcess.freePort()));
        return env;
    }

    @Test
    void unresolvableSrvHostStopsStartUpNamingMongodbUri() throws Exception {
        try (ServiceProcess p = ServiceProcess.start(env("mongodb+srv://app:" + SECRET
                + "@no-such-cluster.invalid/?authSource=admin"))) {
            Integer code = p.awaitExit(Duration.ofSeconds(90));
            assertNotNull(code, "start-up should fail:\n" + p.output());
            String out = p.output();
            assertTrue(out.contains("MongoDB host in MONGODB_URI cannot be resolved (Failed looking up TXT record for host"
                    + " no-such-cluster.invalid)"), out);
            assertFalse(out.contains(SECRET), "the password must never be printed:\n" + out);
        }
    }

    @Test
    void refusedCredentialsAreReportedAtStartUpNamingMongodbUri() throws Exception {
        // mongo-java-server has no users: it refuses every SCRAM conversation, like a wrong password.
        String uri = "mongodb://app:" + SECRET + "@127.0.0.1:" + mongo.getLocalAddress().getPort() + "/?authSource=admin";
        try (ServiceProcess p = ServiceProcess.start(env(uri))) {
            assertTrue(p.awaitOutput("MongoDB refused the credentials of mongodb://127.0.0.1:"
                    + mongo.getLocalAddress().getPort() + " (user 'app', authSource 'admin')", Duration.ofSeconds(90)),
                    p.output());
            String out = p.output();
            assertTrue(out.contains("check the user, the password and authSource in MONGODB_URI"), out);
            assertFalse(out.contains(SECRET), "the password must never be printed:\n" + out);
        }
    }
}
