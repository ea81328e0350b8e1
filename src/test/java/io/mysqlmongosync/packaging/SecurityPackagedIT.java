package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import io.mysqlmongosync.testing.TestJwt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service (prod profile) with its secrets in files, as on Kubernetes: it syncs, protects fields,
 * guards the API, and no password, token or key ever appears in its output (at DEBUG) or in an API answer. Without
 * any credential the API is locked but the service runs; wrong protection settings stop start-up.
 */
class SecurityPackagedIT {

    static final String DB = "mms_sec_packaged";
    static final String USER = "mms_sec";
    static final String PASSWORD = "Pkg-Pa55word-never-logged-71c2";
    static final String OPERATOR = "pkg-operator-token-5b9e0f3a7c";
    static final String VIEWER = "pkg-viewer-token-2d8a6e4c1b";
    static final String HMAC = "pkg-hmac-key-8f2b4d6e0a1c3e5g";
    static final String AES = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final List<String> SECRETS = List.of(PASSWORD, OPERATOR, VIEWER, HMAC, AES);

    static final String ISSUER = "https://login.example.com/realms/ops";
    static PrivateKey jwtKey;
    static InProcessMongo mongo;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final StringBuilder ANSWERS = new StringBuilder();

    @TempDir
    static Path secrets;

    @BeforeAll
    static void setUp() throws Exception {
        TestDatabase.recreate(DB, "/db/protected.sql");
        TestDatabase.exec(DB, "INSERT INTO customers (id, email, name, phone, notes) VALUES "
                + "(1, 'john.doe@example.com', 'John', '+49 170 1234567', 'private note')");
        for (String host : List.of("%", "localhost")) {
            String account = "'" + USER + "'@'" + host + "'";
            TestDatabase.exec(DB, "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + PASSWORD + "'");
            TestDatabase.exec(DB, "ALTER USER " + account + " IDENTIFIED BY '" + PASSWORD + "'");
            TestDatabase.exec(DB, "GRANT SELECT ON " + DB + ".* TO " + account);
        }
        mongo = InProcessMongo.start();
        write("mysql-password", PASSWORD);
        write("mongodb-uri", mongo.uri());
        write("operator-token", OPERATOR);
        write("hmac-key", HMAC);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        jwtKey = pair.getPrivate();
        write("jwt-public.pem", "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----");
    }

    @AfterAll
    static void tearDown() {
        mongo.close();
    }

    private static String write(String name, String content) throws Exception {
        Path f = secrets.resolve(name);
        Files.writeString(f, content + "\n", StandardCharsets.UTF_8);
        return f.toString();
    }

    private static Map<String, String> env(int port, String... pairs) throws Exception {
        return ServiceEnv.with(ServiceEnv.of(DB, null, "sec_" + port, "customers", "MYSQL_USER", USER, "MYSQL_PASSWORD",
                null, "MYSQL_PASSWORD_FILE", secrets.resolve("mysql-password").toString(), "MONGODB_URI_FILE",
                secrets.resolve("mongodb-uri").toString(), "SYNC_ENABLED", "false", "SYNC_SAFETY_LAG_SECONDS", "0",
                "QUARKUS_HTTP_PORT", String.valueOf(port), "QUARKUS_LOG_CONSOLE_JSON", "false"), pairs);
    }

    @Test
    void secretsFromFilesWorkAndNeverShowUpInOutputOrAnswers() throws Exception {
        int port = ServiceProcess.freePort();
        Map<String, String> env = env(port, "SYNC_API_OPERATOR_TOKEN_FILE", secrets.resolve("operator-token").toString(),
                "SYNC_API_VIEWER_TOKEN", VIEWER,
                "SYNC_PROTECT_CUSTOMERS", "email:mask,phone:hash,notes:encrypt",
                "SYNC_PROTECT_HMAC_KEY_FILE", secrets.resolve("hmac-key").toString(),
                "SYNC_PROTECT_AES_KEY", AES,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", secrets.resolve("jwt-public.pem").toString(),
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "QUARKUS_LOG_LEVEL", "DEBUG");
        String alice = TestJwt.sign(jwtKey, ISSUER, "alice@example.com", List.of("sync-operator"), 300);
        try (ServiceProcess p = ServiceProcess.start(env)) {
            assertTrue(p.awaitOutput("Table customers → collection customers", Duration.ofSeconds(90)), p.output());
            assertTrue(p.awaitOutput("Listening on", Duration.ofSeconds(30)), p.output());
            assertEquals(200, call(port, "GET", "/q/health/live", null).statusCode());
            assertEquals(401, call(port, "GET", "/sync/status", null).statusCode());
            assertEquals(200, call(port, "GET", "/", null).statusCode(), "the operator page needs no credentials");
            assertEquals(200, call(port, "GET", "/sync/status", VIEWER).statusCode());
            assertEquals(403, call(port, "POST", "/sync/trigger", VIEWER).statusCode());
            assertEquals(202, call(port, "POST", "/sync/trigger", OPERATOR).statusCode());
            Document john = awaitDocument("sec_" + port);
            assertEquals("j***@example.com", john.getString("email"));
            assertTrue(john.getString("phone").matches("[0-9a-f]{64}"));
            assertTrue(john.get("notes") instanceof Document);
            assertEquals(200, call(port, "POST", "/sync/pause", alice).statusCode(), "a JWT verified with the key file");
            assertEquals(401, call(port, "POST", "/sync/pause",
                    TestJwt.sign(jwtKey, "https://other.example.com", "eve", List.of("sync-operator"), 300)).statusCode());
            String audit = call(port, "GET", "/sync/audit", VIEWER).body();
            assertTrue(audit.contains("\"who\":\"operator-token\"") && audit.contains("\"who\":\"viewer-token\"")
                    && audit.contains("\"who\":\"alice@example.com\""), audit);
            call(port, "GET", "/sync/tables", OPERATOR);
            call(port, "GET", "/sync/health", OPERATOR);
            call(port, "GET", "/sync/history", OPERATOR);
            call(port, "GET", "/q/metrics", null);
            String out = p.output();
            assertTrue(out.contains("MySQL password is read from MYSQL_PASSWORD_FILE"), out);
            assertTrue(out.contains("AUDIT trigger POST /sync/trigger by operator-token"), out);
            for (String secret : java.util.stream.Stream.concat(SECRETS.stream(), java.util.stream.Stream.of(alice)).toList()) {
                assertFalse(out.contains(secret), "the output contains a secret (" + secret.substring(0, 4) + "...)");
                assertFalse(ANSWERS.toString().contains(secret), "an API answer contains a secret");
            }
        }
    }

    @Test
    void withoutCredentialsTheApiIsLockedButTheServiceRunsAndMetricsCanBeProtected() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess p = ServiceProcess.start(env(port, "SYNC_METRICS_POLICY", "viewer"))) {
            assertTrue(p.awaitOutput("Control API is LOCKED", Duration.ofSeconds(90)), p.output());
            assertTrue(p.awaitOutput("Listening on", Duration.ofSeconds(30)), p.output());
            assertTrue(p.alive());
            assertEquals(200, call(port, "GET", "/q/health/live", null).statusCode());
            assertEquals(401, call(port, "GET", "/q/metrics", null).statusCode(), "SYNC_METRICS_POLICY=viewer");
            for (String[] r : new String[][] {{"GET", "/sync/status"}, {"POST", "/sync/pause"}, {"POST", "/sync/trigger"}}) {
                HttpResponse<String> answer = call(port, r[0], r[1], null);
                assertEquals(401, answer.statusCode(), r[1]);
                assertTrue(answer.body().contains("\"error\":\"unauthorized\""), answer.body());
                assertEquals(401, call(port, r[0], r[1], "some-guessed-token-123456").statusCode(), r[1]);
            }
            // The service's entry point lets the HTTP guard answer a malformed request target with JSON too.
            for (String target : List.of("/sync/status%zz", "/sync/reset/products;DROP")) {
                io.mysqlmongosync.testing.RawHttp.Answer bad = io.mysqlmongosync.testing.RawHttp.send(port, "POST", target,
                        Map.of(), null);
                assertEquals(400, bad.status(), target + ": " + bad);
                assertTrue(bad.body().contains("\"error\":\"bad_request\""), target + ": " + bad);
            }
        }
    }

    @Test
    void wrongSecuritySettingsStopStartUpNamingTheVariable() throws Exception {
        String column = failedStart("SYNC_PROTECT_CUSTOMERS", "email:mask,nosuch:drop");
        assertTrue(column.contains("SYNC_PROTECT_CUSTOMERS") && column.contains("'nosuch'"), column);
        String key = failedStart("SYNC_PROTECT_CUSTOMERS", "notes:encrypt");
        assertTrue(key.contains("SYNC_PROTECT_AES_KEY"), key);
        String weak = failedStart("SYNC_API_OPERATOR_TOKEN", "weak-Tok");
        assertTrue(weak.contains("SYNC_API_OPERATOR_TOKEN") && !weak.contains("weak-Tok"), weak);
        String both = failedStart("MYSQL_PASSWORD", PASSWORD);
        assertTrue(both.contains("MYSQL_PASSWORD_FILE") && !both.contains(PASSWORD), both);
        String mode = failedStart("MYSQL_SSL_MODE", "VERIFY");
        assertTrue(mode.contains("MYSQL_SSL_MODE='VERIFY'"), mode);
    }

    private static String failedStart(String... pairs) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(env(ServiceProcess.freePort(), pairs))) {
            Integer code = p.awaitExit(Duration.ofSeconds(90));
            assertNotNull(code, "the service should have refused to start:\n" + p.output());
            assertTrue(code != 0);
            return p.output();
        }
    }

    private static Document awaitDocument(String database) {
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            return await("customer 1 reaches MongoDB").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.getDatabase(database).getCollection("customers").find(new Document("_id", 1))
                            .first(), Objects::nonNull);
        }
    }

    private static HttpResponse<String> call(int port, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        ANSWERS.append(r.statusCode()).append(r.headers().map()).append(r.body()).append('\n');
        return r;
    }
}
