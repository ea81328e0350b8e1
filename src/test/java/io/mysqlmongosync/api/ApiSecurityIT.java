package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SecretFilesResource;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestJwt;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The control API with authentication on: an operator token from a file, a viewer token, and JWTs verified with a
 * public key. Every mutating endpoint answers 401 without a token, 403 to a viewer and succeeds for an operator;
 * every attempt lands in the audit trail; no secret shows up in an answer or in the log.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_api_security"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.api.auth", value = "required"),
    @ResourceArg(name = "quarkus.log.file.enabled", value = "true"),
    @ResourceArg(name = "quarkus.log.file.path", value = ApiSecurityIT.DIR + "/service.log")})
@WithTestResource(value = SecretFilesResource.class, initArgs = {
    @ResourceArg(name = "dir", value = ApiSecurityIT.DIR),
    @ResourceArg(name = "file:sync.api.operator-token-file", value = ApiSecurityIT.OPERATOR),
    @ResourceArg(name = "sync.api.viewer-token", value = ApiSecurityIT.VIEWER),
    @ResourceArg(name = "jwtKeys", value = "true")})
class ApiSecurityIT {

    static final String DIR = "target/secrets/api-security";
    static final String OPERATOR = "op-Tok3n-7f3c9a1e5b2d4c68e0f1";
    static final String VIEWER = "vw-Tok3n-0a9b8c7d6e5f4a3b2c1d";
    static final String DB = "mms_api_security";
    static final List<String> LOCAL = List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");

    /** Everything the API answered, to search for secrets at the end. */
    static final StringBuilder ANSWERS = new StringBuilder();
    static final List<String> JWTS = new ArrayList<>();

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    /** The mutating endpoints, each as a request on top of a given auth. */
    static final Map<String, Function<RequestSpecification, Response>> MUTATIONS = new java.util.LinkedHashMap<>();

    static {
        MUTATIONS.put("trigger", r -> r.contentType(ContentType.JSON).body("{\"tables\":[\"categories\"]}").post("/sync/trigger"));
        MUTATIONS.put("reset", r -> r.post("/sync/reset/products"));
        MUTATIONS.put("interval", r -> r.contentType(ContentType.JSON).body("{\"interval_minutes\": 30}").put("/sync/interval"));
        MUTATIONS.put("resume", r -> r.post("/sync/resume"));
        MUTATIONS.put("pause", r -> r.post("/sync/pause"));
    }

    @Test
    @Order(1)
    void healthAndMetricsNeedNoCredentials() {
        assertEquals(200, record(given().get("/q/health/live")).statusCode());
        assertEquals(200, record(given().get("/q/health/ready")).statusCode());
        assertEquals(200, record(given().get("/q/metrics")).statusCode());
    }

    @Test
    @Order(2)
    void readsNeedTheViewerRoleAndOperatorImpliesViewer() {
        for (String path : List.of("/sync/status", "/sync/health", "/sync/history", "/sync/tables", "/sync/audit")) {
            Response anonymous = record(given().get(path));
            assertError(anonymous, 401, "unauthorized");
            assertTrue(anonymous.getHeader("WWW-Authenticate").startsWith("Bearer"), path);
            assertError(record(as("not-a-valid-token-at-all").get(path)), 401, "unauthorized");
            assertEquals(200, record(as(VIEWER).get(path)).statusCode(), path);
            assertEquals(200, record(as(OPERATOR).get(path)).statusCode(), path);
        }
    }

    @Test
    @Order(3)
    void everyMutatingEndpointIs401WithoutToken403ForAViewerAndWorksForAnOperator() throws Exception {
        Instant start = Instant.now();
        for (Map.Entry<String, Function<RequestSpecification, Response>> m : MUTATIONS.entrySet()) {
            String action = m.getKey();
            assertError(record(m.getValue().apply(given())), 401, "unauthorized");
            Response viewer = record(m.getValue().apply(as(VIEWER)));
            assertError(viewer, 403, "forbidden");
            assertTrue(viewer.jsonPath().getString("message").contains("sync-operator"), viewer.asString());
            Response operator = record(m.getValue().apply(as(OPERATOR)));
            assertTrue(operator.statusCode() == 200 || operator.statusCode() == 202, action + ": " + operator.asString());
            awaitIdle();
        }
        List<Map<String, Object>> audit = record(as(VIEWER).get("/sync/audit?limit=200")).jsonPath().getList("$");
        for (String action : MUTATIONS.keySet()) {
            for (Object[] expected : new Object[][] {{"anonymous", 401}, {"viewer-token", 403}, {"operator-token", -1}}) {
                boolean found = audit.stream().anyMatch(e -> action.equals(e.get("action"))
                        && expected[0].equals(e.get("who")) && LOCAL.contains(e.get("from"))
                        && !Instant.parse((String) e.get("at")).isBefore(start.minusSeconds(1))
                        && ((int) expected[1] == -1 ? (int) e.get("status") < 300 : expected[1].equals(e.get("status"))));
                assertTrue(found, "audit lacks " + action + " by " + expected[0] + ": " + audit);
            }
        }
        Map<String, Object> trigger = audit.stream().filter(e -> "trigger".equals(e.get("action"))
                && "operator-token".equals(e.get("who"))).findFirst().orElseThrow();
        assertEquals(202, trigger.get("status"));
        assertEquals("POST", trigger.get("method"));
        assertEquals("/sync/trigger", trigger.get("path"));
        assertNotNull(((Map<?, ?>) trigger.get("detail")).get("run_id"));
        assertEquals(List.of("categories"), ((Map<?, ?>) trigger.get("detail")).get("tables"));
        long stored = mongo.getDatabase("t_" + DB).getCollection("_sync_audit").countDocuments();
        assertTrue(stored >= MUTATIONS.size() * 3, "entries in _sync_audit: " + stored);
    }

    @Test
    @Order(4)
    void jwtGroupsGiveTheRolesAndBadJwtsAre401() throws Exception {
        PrivateKey key = TestJwt.privateKey(DIR);
        String alice = jwt(TestJwt.sign(key, SecretFilesResource.ISSUER, "alice@example.com", List.of("sync-operator"), 300));
        String bob = jwt(TestJwt.sign(key, SecretFilesResource.ISSUER, "bob@example.com", List.of("sync-viewer"), 300));
        String expired = jwt(TestJwt.sign(key, SecretFilesResource.ISSUER, "alice@example.com", List.of("sync-operator"), -600));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String forged = jwt(TestJwt.sign(g.generateKeyPair().getPrivate(), SecretFilesResource.ISSUER, "mallory",
                List.of("sync-operator"), 300));
        String wrongIssuer = jwt(TestJwt.sign(key, "https://evil.test", "mallory", List.of("sync-operator"), 300));

        assertEquals(200, record(as(alice).post("/sync/pause")).statusCode());
        assertEquals(200, record(as(alice).get("/sync/status")).statusCode(), "an operator may read");
        assertEquals(200, record(as(bob).get("/sync/status")).statusCode());
        assertError(record(as(bob).post("/sync/pause")), 403, "forbidden");
        for (String bad : List.of(expired, forged, wrongIssuer)) {
            assertError(record(as(bad).post("/sync/pause")), 401, "unauthorized");
            assertError(record(as(bad).get("/sync/status")), 401, "unauthorized");
        }
        List<Map<String, Object>> audit = record(as(bob).get("/sync/audit?limit=20")).jsonPath().getList("$");
        assertTrue(audit.stream().anyMatch(e -> "alice@example.com".equals(e.get("who")) && "pause".equals(e.get("action"))
                && Integer.valueOf(200).equals(e.get("status"))), audit.toString());
        assertTrue(audit.stream().anyMatch(e -> "bob@example.com".equals(e.get("who")) && Integer.valueOf(403).equals(e.get("status"))),
                audit.toString());
        assertTrue(audit.stream().anyMatch(e -> "invalid-credentials".equals(e.get("who"))
                && Integer.valueOf(401).equals(e.get("status"))), audit.toString());
    }

    @Test
    @Order(5)
    void theAuditTrailCannotBeChangedThroughTheApi() {
        List<Map<String, Object>> before = record(as(OPERATOR).get("/sync/audit?limit=1000")).jsonPath().getList("$");
        for (Response r : List.of(as(OPERATOR).delete("/sync/audit"), as(OPERATOR).contentType(ContentType.JSON).body("[]")
                .put("/sync/audit"), as(OPERATOR).contentType(ContentType.JSON).body("{}").post("/sync/audit"),
                as(OPERATOR).delete("/sync/audit/" + before.get(0).get("id")))) {
            record(r);
            assertTrue(r.statusCode() >= 400, "the audit trail accepted a change: " + r.statusCode());
        }
        List<Map<String, Object>> after = record(as(OPERATOR).get("/sync/audit?limit=1000")).jsonPath().getList("$");
        assertTrue(after.containsAll(before), "an audit entry changed or vanished");
        assertError(record(as(VIEWER).get("/sync/audit?limit=0")), 400, "bad_request");
        assertError(record(as(VIEWER).get("/sync/audit?limit=x")), 400, "bad_request");
    }

    @Test
    @Order(6)
    void noSecretInAnswersOrLogs() throws Exception {
        record(as(OPERATOR).get("/sync/status"));
        record(as(OPERATOR).get("/sync/tables"));
        String log = Files.readString(Path.of(DIR, "service.log"));
        assertTrue(log.contains("Control API authentication: operator token set, viewer token set, JWT verified"), log);
        assertTrue(log.contains("AUDIT pause POST /sync/pause by operator-token"), "audit log line missing");
        List<String> secrets = new ArrayList<>(List.of(OPERATOR, VIEWER));
        secrets.addAll(JWTS);
        for (String secret : secrets) {
            assertFalse(ANSWERS.toString().contains(secret), "an API answer contains a secret");
            assertFalse(log.contains(secret), "the log contains a secret");
        }
        assertFalse(ANSWERS.toString().isEmpty());
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String jwt(String token) {
        JWTS.add(token);
        return token;
    }

    private static Response record(Response r) {
        ANSWERS.append(r.getStatusCode()).append(' ').append(r.getHeaders()).append('\n').append(r.asString()).append('\n');
        return r;
    }

    private static void assertError(Response r, int status, String error) {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertEquals(error, r.jsonPath().getString("error"), r.asString());
        assertNotNull(r.jsonPath().getString("message"));
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
    }
}
