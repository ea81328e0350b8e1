package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.ControlService;
import io.mysqlmongosync.engine.VerificationService;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.RawHttp;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Malformed requests, as an attacker or a careless script sends them, against the running service: each is refused
 * with a 4xx and a JSON {@code {error, message}} body, and nothing changes (the interval, the checkpoints, no run
 * started). Refused calls do not grow the audit trail without bound.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = BadInputIT.DB),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.api.audit-refused-per-minute", value = "5")})
class BadInputIT {

    static final String DB = "mms_bad_input";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> AS_JSON = Map.of("Content-Type", "application/json");

    @Inject
    SyncController controller;

    @Inject
    ControlService control;

    @Inject
    VerificationService verifications;

    @Inject
    MongoClient mongo;

    private Snapshot before;

    /** What must not change. */
    record Snapshot(int interval, boolean paused, Object productsCheckpoint, long runs) {
    }

    @BeforeEach
    void loadOnceAndRemember() throws Exception {
        if (target().getCollection("_sync_checkpoints").countDocuments() == 0) {
            TestDatabase.exec(DB, "INSERT IGNORE INTO categories (id, name, slug) SELECT seq, CONCAT('c', seq), CONCAT('s', seq)"
                    + " FROM seq_1_to_5");
            TestDatabase.exec(DB, "INSERT IGNORE INTO products (id, sku, name, price) SELECT seq, CONCAT('S', seq),"
                    + " CONCAT('p', seq), 1.00 FROM seq_1_to_5");
            given().contentType(ContentType.JSON).body("{\"interval_minutes\": 37}").put("/sync/interval").then()
                    .statusCode(200);
            given().post("/sync/trigger").then().statusCode(202);
            awaitIdle();
        }
        before = snapshot();
        assertNotNull(before.productsCheckpoint(), "the products checkpoint exists before the test");
        assertEquals(37, before.interval());
    }

    @AfterEach
    void nothingChanged() throws Exception {
        awaitIdle();
        assertEquals(before, snapshot(), "a refused request changed the state");
    }

    @Test
    @Order(1)
    void intervalRefusesCoercionTrailingContentAndOtherMediaTypes() throws Exception {
        for (String body : List.of("{\"interval_minutes\": 1.5}", "{\"interval_minutes\": 1e3}", "{\"interval_minutes\": 1E1}",
                "{\"interval_minutes\": 15.0}", "{\"interval_minutes\": \"15\"}", "{\"interval_minutes\": true}",
                "{\"interval_minutes\": null}", "{\"interval_minutes\": [15]}", "{\"interval_minutes\": 4294967311}",
                "{\"interval_minutes\": 15} x", "{\"interval_minutes\": 15}{\"interval_minutes\": 16}",
                "{\"interval_minutes\": 15}]", "{\"interval_minutes\": 15, \"interval_minutes\": 16}",
                "{\"intervalMinutes\": 15}", "null", "[]", "15", "\"15\"", " ", "{\"interval_minutes\": 0}", "")) {
            refused(send("PUT", "/sync/interval", AS_JSON, body), 400, "bad_request", body);
        }
        String good = "{\"interval_minutes\": 15}";
        refused(send("PUT", "/sync/interval", Map.of(), good), 415, "unsupported_media_type", "no Content-Type");
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx", "json",
                "garbage/", "application/xml")) {
            refused(send("PUT", "/sync/interval", Map.of("Content-Type", type), good), 415, "unsupported_media_type", type);
        }
    }

    @Test
    @Order(2)
    void triggerVerifyAndRepairRefuseNullsWrongTypesAndUnknownFields() throws Exception {
        for (String body : List.of("{\"force_full_sync\": 2}", "{\"force_full_sync\": \"true\"}", "{\"force_full_sync\": 1}",
                "{\"force_full_sync\": null}", "null", "{\"tables\": [null]}", "{\"tables\": \"products\"}",
                "{\"tables\": [5]}", "{\"tables\": [\"\"]}", "{\"tables\": null}", "{\"reconcile\": 0}",
                "{\"tables\": [\"products\"]} true", "[\"products\"]", "{\"forceFullSync\": true}")) {
            refused(send("POST", "/sync/trigger", AS_JSON, body), 400, "bad_request", body);
        }
        refused(send("POST", "/sync/trigger", Map.of("Content-Type", "text/plain"), "{\"tables\": [\"products\"]}"), 415,
                "unsupported_media_type", "trigger text/plain");
        for (String path : List.of("/sync/verify", "/sync/repair")) {
            for (String body : List.of("null", "{\"tables\": [null]}", "{\"tables\": [1]}", "{\"force_full_sync\": true}",
                    "{\"tables\": null}", "{} {}")) {
                refused(send("POST", path, AS_JSON, body), 400, "bad_request", path + " " + body);
            }
        }
        assertNull(verifications.last(), "no verification or repair started");
    }

    @Test
    @Order(3)
    void matrixParametersAndNonCanonicalPathsAreRefusedEverywhereUnderSync() throws Exception {
        for (String path : List.of("/sync/reset/products;DROP", "/sync/reset/products;x=1", "/sync/pause;a", "/sync;x/pause",
                "/sync/status;v=1", "/sync/reset/%70roducts", "/sync/reset/products/", "/sync//pause", "/sync/./pause",
                "/sync/x/../pause", "/sync/reset/products%2F..%2Fcategories", "/sync/reset/%00products",
                "/sync/status%zz", "/sync/status%", "/sync/history?limit=%zz")) {
            String method = path.startsWith("/sync/status") || path.startsWith("/sync/history") ? "GET" : "POST";
            refused(send(method, path, Map.of(), null), 400, "bad_request", path);
        }
    }

    @Test
    @Order(4)
    void largeBodiesAndBodiesWhereNoneIsTakenAreRefused() throws Exception {
        byte[] junk = new byte[1024 * 1024];
        Arrays.fill(junk, (byte) 'x');
        for (String path : List.of("/sync/pause", "/sync/resume", "/sync/reset/products", "/sync/trigger", "/sync/interval")) {
            String method = path.equals("/sync/interval") ? "PUT" : "POST";
            refused(RawHttp.send(port(), method, path, AS_JSON, junk), 413, "payload_too_large", path);
            Map<String, String> chunked = new LinkedHashMap<>(AS_JSON);
            chunked.put("Transfer-Encoding", "chunked");
            refused(RawHttp.send(port(), method, path, chunked, junk), 411, "length_required", path + " chunked");
        }
        for (String path : List.of("/sync/pause", "/sync/resume", "/sync/reset/products")) {
            refused(send("POST", path, Map.of("Content-Type", "text/plain"), "x"), 400, "bad_request", path);
            refused(send("POST", path, AS_JSON, "{}"), 400, "bad_request", path);
        }
    }

    @Test
    @Order(5)
    void errorsQuoteOnlyAShortPrefixOfTheInput() throws Exception {
        String name = "t".repeat(1500);
        RawHttp.Answer reset = send("POST", "/sync/reset/" + name, Map.of(), null);
        refused(reset, 404, "not_found", "long table name");
        assertTrue(reset.body().length() < 400, reset.body());
        assertTrue(reset.body().contains("t".repeat(64)) && !reset.body().contains("t".repeat(65)), reset.body());
        refused(send("GET", "/sync/tables/" + name + "/sample", Map.of(), null), 404, "not_found", "sample");
        RawHttp.Answer trigger = send("POST", "/sync/trigger", AS_JSON, "{\"tables\": [\"" + "u".repeat(20_000) + "\"]}");
        refused(trigger, 404, "not_found", "trigger long name");
        assertTrue(trigger.body().length() < 600, trigger.body());
        RawHttp.Answer token = send("PUT", "/sync/interval", AS_JSON, "{\"interval_minutes\": " + "9".repeat(30_000) + "}");
        refused(token, 400, "bad_request", "long number");
        assertTrue(token.body().length() < 600, token.body());
        RawHttp.Answer bad = send("PUT", "/sync/interval", AS_JSON, "{\"interval_minutes\": " + "z".repeat(30_000) + "}");
        refused(bad, 400, "bad_request", "long token");
        assertTrue(bad.body().length() < 600, bad.body());
        RawHttp.Answer limit = send("GET", "/sync/history?limit=" + "7".repeat(1000), Map.of(), null);
        refused(limit, 400, "bad_request", "long limit");
        assertTrue(limit.body().length() < 400, limit.body());
    }

    @Test
    @Order(6)
    void everyHttpLayerRefusalHasAJsonBody() throws Exception {
        refused(send("GET", "/sync/status?x=" + "a".repeat(5000), Map.of(), null), 414, "uri_too_long", "long query");
        refused(send("POST", "/sync/reset/" + "p".repeat(5000), Map.of(), null), 414, "uri_too_long", "long path");
        refused(send("DELETE", "/sync/status", Map.of(), null), 405, "method_not_allowed", "DELETE status");
        refused(send("GET", "/sync/pause", Map.of(), null), 405, "method_not_allowed", "GET pause");
        refused(send("GET", "/sync/status", Map.of("Accept", "text/html"), null), 406, "not_acceptable", "Accept html");
        refused(send("GET", "/sync/nope", Map.of(), null), 404, "not_found", "unknown endpoint");
        // A control character in a header is refused by the HTTP codec itself, before any handler (no body there).
        RawHttp.Answer nul = send("POST", "/sync/pause", Map.of("Authorization", "Bearer ab\u0000cd"), null);
        assertEquals(400, nul.status(), nul.toString());
    }

    @Test
    @Order(7)
    void refusedCallsAreRecordedAtMostAFewPerMinuteWithPathsCut() throws Exception {
        MongoDatabase db = target();
        Document ttl = null;
        for (Document index : db.getCollection("_sync_audit").listIndexes()) {
            if (index.containsKey("expireAfterSeconds")) {
                ttl = index;
            }
        }
        assertNotNull(ttl, "a TTL index expires the audit trail");
        assertEquals(90L * 86400, ((Number) ttl.get("expireAfterSeconds")).longValue());
        for (Document d : db.getCollection("_sync_audit").find()) {
            assertTrue(d.getString("path").length() <= 203, "stored path is cut: " + d.getString("path").length());
        }
        Instant start = Instant.now();
        long stored = db.getCollection("_sync_audit").countDocuments();
        for (int i = 0; i < 300; i++) {
            send("PUT", "/sync/interval", AS_JSON, "{\"interval_minutes\": 1.5}");
        }
        long added = db.getCollection("_sync_audit").countDocuments() - stored;
        // 5 a minute; the calls may straddle a minute boundary (or two on a slow machine).
        long minutes = java.time.Duration.between(start, Instant.now()).toMinutes() + 2;
        assertTrue(added <= 5 * minutes, "refused calls recorded: " + added);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(ControlApiIT.metric(metrics, "sync_audit_unrecorded_total{reason=\"rate_limit\"}") >= 300 - 5 * minutes,
                metrics.lines().filter(l -> l.contains("audit")).toList().toString());
        assertTrue(ControlApiIT.metric(metrics, "sync_audit_unrecorded_total{reason=\"http_guard\"}") >= 10);
        // A successful control call is still recorded.
        given().post("/sync/pause").then().statusCode(200);
        before = snapshot();
        assertEquals("pause", db.getCollection("_sync_audit").find().sort(new Document("at", -1)).first().getString("action"));
    }

    private static void refused(RawHttp.Answer a, int status, String error, String what) throws Exception {
        assertEquals(status, a.status(), what + ": " + a);
        assertTrue(String.valueOf(a.headers().get("content-type")).startsWith("application/json"), what + ": " + a);
        JsonNode body = JSON.readTree(a.body());
        assertEquals(error, body.path("error").asText(), what + ": " + a.body());
        assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(), what + ": " + a.body());
        assertEquals(2, body.size(), what + ": " + a.body());
    }

    private static RawHttp.Answer send(String method, String target, Map<String, String> headers, String body)
            throws Exception {
        return RawHttp.send(port(), method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static int port() {
        return RestAssured.port;
    }

    private MongoDatabase target() {
        return mongo.getDatabase("t_" + DB);
    }

    private Snapshot snapshot() {
        Document state = target().getCollection("_sync_state").find().first();
        Document cp = target().getCollection("_sync_checkpoints").find(new Document("_id", "products")).first();
        return new Snapshot(state == null ? -1 : state.getInteger("interval_minutes"),
                control.state().paused(), cp, target().getCollection("_sync_runs").countDocuments());
    }

    private void awaitIdle() {
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
    }
}
