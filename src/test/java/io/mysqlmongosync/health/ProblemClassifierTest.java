package io.mysqlmongosync.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The start-up and readiness messages for a MongoDB URI that cannot be resolved or authenticated: they name
 * MONGODB_URI and never contain the password. Real driver failures, no server with users needed.
 */
class ProblemClassifierTest {

    static final String SECRET = "S3cr3t-pw_never";

    @Test
    void unresolvableSrvHostNamesMongodbUriWithoutThePassword() {
        // The driver's own text for a failed SRV lookup (outside Quarkus the lookup itself cannot run here: the
        // Quarkus DNS client needs the Quarkus config; SrvUriIT checks the real thing inside the service).
        String uri = "mongodb://app:" + SECRET + "@no-such-cluster.invalid/?authSource=admin";
        MongoTimeoutException e = new MongoTimeoutException("Timed out while waiting for a server that matches"
                + " ReadPreferenceServerSelector{readPreference=primary}. Client view of cluster state is {type=UNKNOWN,"
                + " srvResolutionException=com.mongodb.MongoConfigurationException: Failed looking up SRV record for"
                + " '_mongodb._tcp.no-such-cluster.invalid'., servers=[]");
        ConnectionProblem p = ProblemClassifier.mongo(e, uri, "shop", "ping");
        assertEquals("mongodb_unresolvable", p.code(), p.message());
        assertEquals("MongoDB host of mongodb://no-such-cluster.invalid (user 'app', authSource 'admin') cannot be"
                + " resolved (Failed looking up SRV record for '_mongodb._tcp.no-such-cluster.invalid'): check the host"
                + " name in MONGODB_URI", p.message());
    }

    @Test
    void unknownHostNamesMongodbUri() {
        String uri = "mongodb://app:" + SECRET + "@no-such-host.invalid:27017/shop";
        ConnectionProblem p = ProblemClassifier.mongo(ping(uri), uri, "shop", "ping");
        assertEquals("mongodb_unresolvable", p.code(), p.message());
        assertTrue(p.message().contains("unknown host no-such-host.invalid") && p.message().contains("MONGODB_URI"),
                p.message());
        assertFalse(p.message().contains(SECRET), p.message());
    }

    @Test
    void refusedCredentialsNameMongodbUriWithoutThePassword() {
        // mongo-java-server has no users: it answers the SCRAM conversation with "no such command", which the
        // driver reports as the same MongoSecurityException a wrong password gives.
        MongoServer server = new MongoServer(new MemoryBackend());
        try {
            server.bind("127.0.0.1", 0);
            String uri = "mongodb://app:" + SECRET + "@127.0.0.1:" + server.getLocalAddress().getPort()
                    + "/shop?authSource=admin";
            RuntimeException e = ping(uri);
            ConnectionProblem p = ProblemClassifier.mongo(e, uri, "shop", "ping");
            assertEquals("mongodb_auth", p.code(), e + " → " + p.message());
            assertTrue(p.message().contains("MONGODB_URI") && p.message().contains("authSource"), p.message());
            assertFalse(p.message().contains(SECRET), p.message());
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void notAuthorizedToWriteNamesTheRoleAndDatabase() {
        MongoCommandException e = new MongoCommandException(BsonDocument.parse("{ok: 0, code: 13, codeName:"
                + " 'Unauthorized', errmsg: 'not authorized on shop to execute command { update: \"_sync_probe\" }'}"),
                new ServerAddress());
        ConnectionProblem p = ProblemClassifier.mongo(e, "mongodb://reader:" + SECRET + "@db.example.net/", "shop",
                "write");
        assertEquals("mongodb_no_write", p.code());
        assertTrue(p.message().startsWith("MongoDB user 'reader' may not write to database 'shop'"), p.message());
        assertTrue(p.message().contains("readWrite") && p.message().contains("MONGODB_URI"), p.message());
    }

    @Test
    void describeNeverShowsThePassword() {
        String d = ProblemClassifier.describe("mongodb://u%40x:" + SECRET + "@h1:27017,h2:27018/db?replicaSet=rs0");
        assertEquals("mongodb://h1:27017,h2:27018 (user 'u@x', authSource 'db')", d);
        assertEquals("(MONGODB_URI cannot be parsed)", ProblemClassifier.describe("http://x"));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionString("http://x"));
    }

    private static RuntimeException ping(String uri) {
        MongoClientSettings settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS)).build();
        try (MongoClient client = MongoClients.create(settings)) {
            client.getDatabase("shop").runCommand(new Document("ping", 1));
            throw new AssertionError("ping should have failed");
        } catch (RuntimeException e) {
            return e;
        }
    }
}
