package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.DnsStub;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The start-up messages for a MONGODB_URI that cannot be resolved (mongodb+srv://, where Quarkus resolves the
 * records while starting) or authenticated: they name MONGODB_URI and never print the password.
 */
class MongoUriPackagedIT {

    static final String DB = "mms_mongouri";
    static final String SECRET = "Uri-S3cret-never-logged";

    @RegisterExtension
    static final InProcessMongo mongo = InProcessMongo.start();

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/items.sql");
    }

    private static Map<String, String> env(String mongoUri) throws Exception {
        return ServiceEnv.of(DB, mongoUri, "mongouri", "products", "SYNC_ENABLED", "false", "QUARKUS_LOG_CONSOLE_JSON",
                "false");
    }

    /**
     * A {@code mongodb+srv://} URI resolved through a DNS server: the SRV record of {@code cluster0.sync.test}
     * (served by a stub on a loopback UDP port that Quarkus' DNS client is pointed at with
     * QUARKUS_MONGODB_DNS_SERVER_HOST/_PORT) names {@code node1.sync.test} and the port of the in-process MongoDB; the
     * TXT record adds {@code authSource=admin}. The host name of the SRV answer resolves through a hosts file
     * ({@code -Djdk.net.hosts.file}), as it would through DNS. The sync then writes the rows through that
     * connection. What this does not cover: a real DNS server's behaviour (TCP fallback, truncation, caching).
     */
    @Test
    void srvUriIsResolvedThroughDnsAndTheSyncWritesThroughIt() throws Exception {
        TestDatabase.exec(DB, "DELETE FROM products");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'kettle', 24.90), (2, 'cup', 4.20)");
        java.nio.file.Path hosts = java.nio.file.Files.createTempFile("hosts", ".txt");
        java.nio.file.Files.writeString(hosts, "127.0.0.1 node1.sync.test\n127.0.0.1 localhost\n");
        int mongoPort = mongo.port();
        try (DnsStub dns = new DnsStub(
                Map.of("_mongodb._tcp.cluster0.sync.test", List.of(new DnsStub.Srv("node1.sync.test", mongoPort))),
                Map.of("cluster0.sync.test", List.of("authSource=admin")))) {
            Map<String, String> env = env("mongodb+srv://cluster0.sync.test/?tls=false");
            env.put("MONGODB_DATABASE", "srv");
            env.put("QUARKUS_MONGODB_DNS_SERVER_HOST", "127.0.0.1");
            env.put("QUARKUS_MONGODB_DNS_SERVER_PORT", Integer.toString(dns.port()));
            env.put("SYNC_API_AUTH", "none");
            int http = Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
            try (ServiceProcess p = ServiceProcess.start(env, "-Djdk.net.hosts.file=" + hosts)) {
                assertTrue(p.awaitOutput("Table products → collection products", Duration.ofSeconds(90)), p.output());
                // discovery is logged before the HTTP server listens: wait for it (a trigger was refused under load)
                assertTrue(p.awaitOutput("Listening on", Duration.ofSeconds(60)), p.output());
                java.net.http.HttpResponse<String> trigger = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + http
                                + "/sync/trigger")).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(202, trigger.statusCode(), trigger.body());
                assertTrue(p.awaitOutput("Table products synced", Duration.ofSeconds(60)), p.output());
                assertTrue(dns.questions().contains("SRV _mongodb._tcp.cluster0.sync.test"), dns.questions().toString());
                try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(
                        "mongodb://127.0.0.1:" + mongoPort)) {
                    assertEquals(List.of("kettle", "cup"), client.getDatabase("srv").getCollection("products").find()
                            .sort(new org.bson.Document("_id", 1)).map(d -> d.getString("name"))
                            .into(new java.util.ArrayList<>()));
                }
            }
        }
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
        String uri = "mongodb://app:" + SECRET + "@127.0.0.1:" + mongo.port() + "/?authSource=admin";
        try (ServiceProcess p = ServiceProcess.start(env(uri))) {
            assertTrue(p.awaitOutput("MongoDB refused the credentials of mongodb://127.0.0.1:"
                    + mongo.port() + " (user 'app', authSource 'admin')", Duration.ofSeconds(90)),
                    p.output());
            String out = p.output();
            assertTrue(out.contains("check the user, the password and authSource in MONGODB_URI"), out);
            assertFalse(out.contains(SECRET), "the password must never be printed:\n" + out);
        }
    }
}
