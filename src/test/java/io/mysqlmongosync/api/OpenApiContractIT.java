package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.VerificationService;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /q/openapi} against what the endpoints answer: every {@code /sync} operation is
 * called for its success and its error answers, and each answer's status must be documented for that operation and
 * its JSON property names must be the documented schema's (no undocumented key, no missing required key). The
 * document itself names properties in snake_case, declares request bodies as optional JSON where they are, and has
 * an example on every operation's success answer. Each success answer's schema is the record the Java method returns
 * (an array of it for a list), every answer's values have the documented JSON types, and null only where the
 * schema allows it.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = OpenApiContractIT.DB),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class OpenApiContractIT {

    static final String DB = "mms_openapi";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CAMEL = Pattern.compile("[a-z][A-Z]");

    @Inject
    SyncController controller;

    @Inject
    VerificationService verifications;

    @Inject
    io.mysqlmongosync.sink.DeadLetterStore deadLetters;

    @Inject
    io.mysqlmongosync.engine.Resnapshots resnapshots;

    private JsonNode doc;
    private final Set<String> exercised = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyEndpointAnswersWhatTheDocumentSays() throws Exception {
        String text = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), text);
        doc = JSON.readTree(text);
        checkTheDocumentItself();

        TestDatabase.exec(DB, "INSERT IGNORE INTO categories (id, name, slug) SELECT seq, CONCAT('c', seq),"
                + " CONCAT('s', seq) FROM seq_1_to_5");
        TestDatabase.exec(DB, "INSERT IGNORE INTO products (id, sku, name, price) SELECT seq, CONCAT('S', seq),"
                + " CONCAT('p', seq), 1.00 FROM seq_1_to_5");
        String json = "application/json";

        call("GET", "/sync/verification", r -> r.get("/sync/verification"), 404);
        call("POST", "/sync/trigger", r -> r.post("/sync/trigger"), 202);
        awaitIdle();
        call("POST", "/sync/trigger", r -> r.contentType(json).body("{\"tables\": [\"products\"], \"force_full_sync\": true}")
                .post("/sync/trigger"), 202);
        awaitIdle();
        call("POST", "/sync/trigger", r -> r.contentType(json).body("{\"force_full_sync\": 2}").post("/sync/trigger"), 400);
        call("POST", "/sync/trigger", r -> r.contentType(json).body("{\"tables\": [\"nope\"]}").post("/sync/trigger"), 404);
        call("POST", "/sync/trigger", r -> r.contentType("text/plain").body("{}").post("/sync/trigger"), 415);
        call("POST", "/sync/trigger", r -> r.contentType(json).body("x".repeat(70_000)).post("/sync/trigger"), 413);

        call("GET", "/sync/status", r -> r.get("/sync/status"), 200);
        call("GET", "/sync/health", r -> r.get("/sync/health"), 200);
        call("GET", "/sync/history", r -> r.get("/sync/history"), 200);
        call("GET", "/sync/history", r -> r.get("/sync/history?limit=0"), 400);
        call("GET", "/sync/tables", r -> r.get("/sync/tables"), 200);
        call("GET", "/sync/tables/{table}/sample", r -> r.get("/sync/tables/products/sample?limit=2"), 200);
        call("GET", "/sync/tables/{table}/sample", r -> r.get("/sync/tables/products/sample?limit=x"), 400);
        call("GET", "/sync/tables/{table}/sample", r -> r.get("/sync/tables/nope/sample"), 404);
        call("GET", "/sync/mapping", r -> r.get("/sync/mapping"), 200);
        call("GET", "/sync/conflicts", r -> r.get("/sync/conflicts"), 200);
        call("GET", "/sync/conflicts", r -> r.get("/sync/conflicts?limit=-1"), 400);
        call("GET", "/sync/conflicts", r -> r.get("/sync/conflicts?table=nope"), 404);
        // one entry of each kind, recorded the way the writer records them, so their shape is checked too
        deadLetters.record("products", "load", List.of(
                new io.mysqlmongosync.engine.port.DeadLetters.Letter("id=9", "too_large", "its document is ...", 9),
                new io.mysqlmongosync.engine.port.DeadLetters.Letter("id=8", "conversion", "bad date", null)));
        call("GET", "/sync/dead-letters", r -> r.get("/sync/dead-letters?table=products"), 200);
        call("GET", "/sync/dead-letters", r -> r.get("/sync/dead-letters?limit=0"), 400);
        call("GET", "/sync/dead-letters", r -> r.get("/sync/dead-letters?table=nope"), 404);

        call("POST", "/sync/pause", r -> r.post("/sync/pause"), 200);
        call("POST", "/sync/pause", r -> r.contentType(json).body("{}").post("/sync/pause"), 400);
        call("POST", "/sync/resume", r -> r.post("/sync/resume"), 200);
        call("POST", "/sync/resume", r -> r.contentType(json).body("{}").post("/sync/resume"), 400);
        call("POST", "/sync/pause", r -> r.post("/sync/pause"), 200);
        call("PUT", "/sync/interval", r -> r.contentType(json).body("{\"interval_minutes\": 30}").put("/sync/interval"), 200);
        call("PUT", "/sync/interval", r -> r.contentType(json).body("{\"interval_minutes\": 1.5}").put("/sync/interval"), 400);
        call("PUT", "/sync/interval", r -> r.contentType("text/plain").body("{\"interval_minutes\": 3}").put("/sync/interval"),
                415);
        call("POST", "/sync/reset/{table}", r -> r.post("/sync/reset/categories"), 200);
        call("POST", "/sync/reset/{table}", r -> r.post("/sync/reset/nope"), 404);
        call("POST", "/sync/reset/{table}", r -> r.contentType(json).body("{}").post("/sync/reset/categories"), 400);
        call("POST", "/sync/resnapshot/{table}", r -> r.post("/sync/resnapshot/categories"), 202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> resnapshots.latest("categories").result() != null);
        call("POST", "/sync/resnapshot/{table}", r -> r.post("/sync/resnapshot/nope"), 404);
        call("POST", "/sync/resnapshot/{table}", r -> r.contentType(json).body("{}").post("/sync/resnapshot/categories"),
                400);

        call("POST", "/sync/verify", r -> r.contentType(json).body("{\"tables\": [\"products\"]}").post("/sync/verify"), 202);
        awaitVerification();
        call("GET", "/sync/verification", r -> r.get("/sync/verification"), 200);
        call("POST", "/sync/verify", r -> r.contentType(json).body("{\"tables\": [null]}").post("/sync/verify"), 400);
        call("POST", "/sync/verify", r -> r.contentType(json).body("{\"tables\": [\"nope\"]}").post("/sync/verify"), 404);
        call("POST", "/sync/repair", r -> r.post("/sync/repair"), 202);
        awaitVerification();
        call("POST", "/sync/repair", r -> r.contentType(json).body("null").post("/sync/repair"), 400);
        call("GET", "/sync/status", r -> r.get("/sync/status"), 200);
        call("GET", "/sync/audit", r -> r.get("/sync/audit"), 200);
        call("GET", "/sync/audit", r -> r.get("/sync/audit?limit=0"), 400);
        call("GET", "/sync/events", r -> r.get("/sync/events"), 200);
        call("GET", "/sync/events", r -> r.get("/sync/events?limit=0"), 400);

        Set<String> documented = new TreeSet<>();
        for (Iterator<String> p = doc.path("paths").fieldNames(); p.hasNext();) {
            String path = p.next();
            if (path.startsWith("/sync")) {
                doc.path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
            }
        }
        assertEquals(documented, exercised, "every documented /sync operation is called by this test");
        checkSuccessSchemasAreTheReturnedRecords(documented);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The resource classes of the API; a documented operation that none of them serves fails the test. */
    static final List<Class<?>> RESOURCES = List.of(SyncResource.class, HistoryResource.class, ConflictsResource.class,
            DeadLettersResource.class, AuditResource.class, MappingResource.class, TableSampleResource.class,
            EventsResource.class);

    /**
     * Each documented operation's success answer refers to the schema of the record its Java method returns
     * ({@code RestResponse<T>} and {@code List<T>} unwrapped), not to a map or a record nothing returns.
     */
    private void checkSuccessSchemasAreTheReturnedRecords(Set<String> operations) {
        Map<String, Method> methods = new TreeMap<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = verb(m);
                if (verb != null) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    methods.put(verb + " " + (sub == null ? base : base + (sub.value().startsWith("/") ? "" : "/")
                            + sub.value()), m);
                }
            }
        }
        assertEquals(operations, methods.keySet(), "the documented /sync operations are the methods of " + RESOURCES);
        methods.forEach((operation, m) -> {
            String[] op = operation.split(" ", 2);
            JsonNode responses = doc.path("paths").path(op[1]).path(op[0].toLowerCase()).path("responses");
            List<String> success = new ArrayList<>();
            responses.fieldNames().forEachRemaining(code -> {
                if (code.startsWith("2")) {
                    success.add(code);
                }
            });
            if (success.size() != 1) {
                problems.add(operation + " documents success answers " + success + ", expected one");
                return;
            }
            JsonNode schema = responses.path(success.get(0)).path("content").path("application/json").path("schema");
            java.lang.reflect.Type type = m.getGenericReturnType();
            if (type instanceof ParameterizedType p && p.getRawType() == org.jboss.resteasy.reactive.RestResponse.class) {
                type = p.getActualTypeArguments()[0];
            }
            boolean list = type instanceof ParameterizedType p && p.getRawType() == List.class;
            if (list) {
                type = ((ParameterizedType) type).getActualTypeArguments()[0];
                if (!schema.path("type").asText().equals("array") && !typeIncludes(schema, "array")) {
                    problems.add(operation + " returns a list, documented " + schema);
                }
                schema = schema.path("items");
            }
            if (!(type instanceof Class<?> record) || !record.isRecord()) {
                problems.add(operation + " returns " + m.getGenericReturnType() + ", not a record (or a list of one)");
                return;
            }
            org.eclipse.microprofile.openapi.annotations.media.Schema named =
                    record.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
            String name = named != null && !named.name().isEmpty() ? named.name() : record.getSimpleName();
            String ref = schema.path("$ref").asText("");
            if (!ref.equals("#/components/schemas/" + name)) {
                problems.add(operation + " returns " + record.getName() + " (schema " + name + "), documented "
                        + (list ? "an array of " : "") + schema);
            }
        });
    }

    private static String verb(Method m) {
        for (Class<? extends java.lang.annotation.Annotation> verb : List.of(jakarta.ws.rs.GET.class,
                jakarta.ws.rs.POST.class, jakarta.ws.rs.PUT.class, jakarta.ws.rs.DELETE.class)) {
            if (m.isAnnotationPresent(verb)) {
                return verb.getSimpleName();
            }
        }
        return null;
    }

    /** snake_case everywhere, ApiError on every error answer, an example on every success answer, JSON bodies. */
    private void checkTheDocumentItself() {
        doc.path("components").path("schemas").fields().forEachRemaining(s -> s.getValue().path("properties").fieldNames()
                .forEachRemaining(name -> {
                    if (CAMEL.matcher(name).find()) {
                        problems.add("schema " + s.getKey() + " has a camelCase property " + name);
                    }
                }));
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            String id = op.getKey().toUpperCase() + " " + p.getKey();
            JsonNode responses = op.getValue().path("responses");
            responses.fields().forEachRemaining(r -> {
                JsonNode media = r.getValue().path("content").path("application/json");
                if (media.isMissingNode()) {
                    problems.add(id + " " + r.getKey() + " has no application/json content");
                    return;
                }
                if (r.getKey().startsWith("4") && !media.path("schema").path("$ref").asText().endsWith("/ApiError")) {
                    problems.add(id + " " + r.getKey() + " is not an ApiError");
                }
                if (r.getKey().startsWith("2") && !hasExample(media) && !hasExample(resolve(media.path("schema")))
                        && !hasExample(resolve(media.path("schema").path("items")))) {
                    problems.add(id + " " + r.getKey() + " has no example");
                }
            });
            JsonNode body = op.getValue().path("requestBody");
            if (!body.isMissingNode()) {
                if (body.path("content").path("application/json").isMissingNode()) {
                    problems.add(id + " documents a request body that is not JSON: " + body);
                }
                boolean optional = !id.equals("PUT /sync/interval");
                if (body.path("required").asBoolean(false) == optional) {
                    problems.add(id + " request body required=" + body.path("required") + ", expected " + !optional);
                }
            }
        }));
    }

    private void call(String method, String template, Function<RequestSpecification, Response> request, int expected)
            throws Exception {
        Response r = request.apply(given());
        String id = method + " " + template;
        exercised.add(id);
        assertEquals(expected, r.statusCode(), id + ": " + r.asString());
        JsonNode op = doc.path("paths").path(template).path(method.toLowerCase());
        assertFalse(op.isMissingNode(), id + " is not in the OpenAPI document");
        JsonNode documented = op.path("responses").path(String.valueOf(r.statusCode()));
        if (documented.isMissingNode()) {
            problems.add(id + " answered " + r.statusCode() + ", documented: " + names(op.path("responses")));
            return;
        }
        assertTrue(r.contentType().startsWith("application/json"), id + ": " + r.contentType());
        compare(id + " " + r.statusCode(), JSON.readTree(r.asString()),
                documented.path("content").path("application/json").path("schema"));
    }

    /** Compares the keys of a JSON value with a schema, into nested objects, arrays and maps. */
    private void compare(String where, JsonNode value, JsonNode schemaRef) {
        JsonNode schema = resolve(schemaRef);
        if (value == null || schema.isMissingNode()) {
            return;
        }
        Set<String> allowed = new TreeSet<>(types(schemaRef));
        allowed.addAll(types(schema));
        String type = jsonType(value);
        boolean nullable = allowed.isEmpty() || allowed.contains("null") || schemaRef.path("nullable").asBoolean(false)
                || schema.path("nullable").asBoolean(false);
        if (value.isNull() ? !nullable : !allowed.isEmpty() && !allowed.contains(type)
                && !(type.equals("integer") && allowed.contains("number"))) {
            problems.add(where + ": " + type + " where the schema says " + allowed + (nullable ? " or null" : ""));
        }
        if (value.isNull()) {
            return;
        }
        if (value.isArray()) {
            JsonNode items = schema.path("items");
            if (schema.has("type") && !schema.path("type").asText().equals("array") && !typeIncludes(schema, "array")) {
                problems.add(where + ": an array where the schema says " + schema.path("type"));
            }
            for (JsonNode v : value) {
                compare(where + "[]", v, items);
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        JsonNode properties = schema.path("properties");
        if (properties.isObject() && properties.size() > 0) {
            Set<String> actual = new TreeSet<>();
            value.fieldNames().forEachRemaining(actual::add);
            Set<String> known = names(properties);
            Set<String> undocumented = new TreeSet<>(actual);
            undocumented.removeAll(known);
            if (!undocumented.isEmpty()) {
                problems.add(where + ": undocumented properties " + undocumented + " (documented " + known + ")");
            }
            for (JsonNode req : schema.path("required")) {
                if (!actual.contains(req.asText())) {
                    problems.add(where + ": required property " + req.asText() + " missing");
                }
            }
            for (String key : actual) {
                if (known.contains(key)) {
                    compare(where + "." + key, value.get(key), properties.get(key));
                }
            }
        } else if (schema.path("additionalProperties").isObject()) {
            value.fields().forEachRemaining(e -> compare(where + "{" + e.getKey() + "}", e.getValue(),
                    schema.path("additionalProperties")));
        }
    }

    /** The JSON types a schema allows ("type" as text or array, and those of its anyOf/oneOf members). */
    private Set<String> types(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            out.add(type.asText());
        }
        type.forEach(t -> out.add(t.asText()));
        for (String combined : List.of("anyOf", "oneOf")) {
            for (JsonNode member : schema.path(combined)) {
                out.addAll(types(member));
                out.addAll(types(resolve(member)));
            }
        }
        return out;
    }

    private static String jsonType(JsonNode value) {
        return value.isNull() ? "null" : value.isTextual() ? "string" : value.isIntegralNumber() ? "integer"
                : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
    }

    private JsonNode resolve(JsonNode schema) {
        for (String combined : List.of("anyOf", "oneOf")) {
            List<JsonNode> members = new ArrayList<>();
            schema.path(combined).forEach(m -> {
                if (!m.path("type").asText().equals("null")) {
                    members.add(m);
                }
            });
            if (members.size() == 1) {
                return resolve(members.get(0));
            }
        }
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return doc.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        JsonNode all = schema.path("allOf");
        if (all.isArray() && all.size() == 1) {
            return resolve(all.get(0));
        }
        return schema;
    }

    private static boolean hasExample(JsonNode node) {
        return node.has("example") || node.path("examples").size() > 0;
    }

    private static boolean typeIncludes(JsonNode schema, String type) {
        for (JsonNode t : schema.path("type")) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private void awaitIdle() {
        org.awaitility.Awaitility.await("the run finishes").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> controller.activeRun() == null);
    }

    private void awaitVerification() {
        org.awaitility.Awaitility.await("the verification finishes").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> verifications.last() != null && verifications.last().finishedAt() != null);
    }
}
