package io.mysqlmongosync.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mysqlmongosync.api.ApiModels.IntervalRequest;
import io.mysqlmongosync.api.ApiModels.TriggerRequest;
import io.mysqlmongosync.api.ApiModels.VerifyRequest;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of the request bodies of the control API. The JSON is parsed into a tree and checked by hand, so
 * nothing is coerced: {@code 1.5}, {@code 1e3} and {@code "15"} are not whole numbers, {@code 2} is not a boolean,
 * {@code null} is not a value, content after the JSON document and duplicate fields are refused. A body must be sent
 * as {@code application/json}; endpoints that take no body refuse one.
 */
final class RequestBodies {

    /** Largest body any {@code /sync} endpoint reads (bytes); larger ones are answered 413 before they are read. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ObjectMapper TREE = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BODY_BYTES)
                    .build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBodies() {
    }

    /** The body of {@code PUT /sync/interval}: required, exactly {@code {"interval_minutes": <whole number>}}. */
    static IntervalRequest interval(String contentType, String raw) throws JsonProcessingException {
        Map<String, JsonNode> fields = object(contentType, raw, true, Set.of("interval_minutes"));
        JsonNode n = fields.get("interval_minutes");
        if (n == null) {
            throw new IllegalArgumentException("Body must be {\"interval_minutes\": <1..1440>}");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("interval_minutes must be a whole number from 1 to 1440 written without"
                    + " a fraction or exponent, got " + ApiError.quote(n.toString()));
        }
        return new IntervalRequest(n.intValue());
    }

    /** The optional body of {@code POST /sync/trigger}: {@code {tables?, force_full_sync?, reconcile?}}. */
    static TriggerRequest trigger(String contentType, String raw) throws JsonProcessingException {
        Map<String, JsonNode> fields = object(contentType, raw, false, Set.of("tables", "force_full_sync", "reconcile"));
        if (fields == null) {
            return new TriggerRequest(List.of(), false, false);
        }
        return new TriggerRequest(tables(fields.get("tables")), bool(fields, "force_full_sync"), bool(fields, "reconcile"));
    }

    /** The optional body of {@code POST /sync/verify} and {@code /sync/repair}: {@code {tables?}}. */
    static VerifyRequest verify(String contentType, String raw) throws JsonProcessingException {
        Map<String, JsonNode> fields = object(contentType, raw, false, Set.of("tables"));
        return new VerifyRequest(fields == null ? List.of() : tables(fields.get("tables")));
    }

    /** For endpoints that take no body: anything but an empty body is refused. */
    static void none(String raw, String endpoint) {
        if (raw != null && !raw.isEmpty()) {
            throw new IllegalArgumentException(endpoint + " takes no request body; send it empty");
        }
    }

    /**
     * The body as the fields of one JSON object, or null when an optional body is absent (empty). A body that is
     * present must be JSON (by Content-Type), one object, without unknown fields.
     */
    private static Map<String, JsonNode> object(String contentType, String raw, boolean required, Set<String> allowed)
            throws JsonProcessingException {
        if (raw == null || raw.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException("A JSON body is required");
            }
            return null;
        }
        if (!isJson(contentType)) {
            throw new NotSupportedException("The body must be sent with Content-Type: application/json, got "
                    + (contentType == null ? "none" : ApiError.quote(contentType)));
        }
        JsonNode root = TREE.readTree(raw);
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("The body is blank; send a JSON object" + (required ? "" : " or nothing"));
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object, got " + kind(root));
        }
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException("Unknown field " + ApiError.quote(e.getKey()) + "; allowed: "
                        + new java.util.TreeSet<>(allowed));
            }
            if (e.getValue().isNull()) {
                throw new IllegalArgumentException(e.getKey() + " must not be null (leave the field out instead)");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static List<String> tables(JsonNode n) {
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("tables must be an array of table names, got " + kind(n));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            if (!t.isTextual() || t.textValue().isEmpty()) {
                throw new IllegalArgumentException("tables[" + i + "] must be a table name (a non-empty string), got "
                        + kind(t));
            }
            out.add(t.textValue());
        }
        return out;
    }

    private static boolean bool(Map<String, JsonNode> fields, String name) {
        JsonNode n = fields.get(name);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false, got " + kind(n));
        }
        return n.booleanValue();
    }

    private static String kind(JsonNode n) {
        String type = switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        return n.isValueNode() && !n.isNull() ? type + " " + ApiError.quote(n.toString()) : type;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType t = MediaType.valueOf(contentType);
            return "application".equalsIgnoreCase(t.getType()) && "json".equalsIgnoreCase(t.getSubtype());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
