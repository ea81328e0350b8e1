package io.mysqlmongosync.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the request bodies of the control API into their records ({@link ControlModels}) with a Jackson mapper of
 * its own, configured once to be strict, so the answers are not affected: nothing is coerced ({@code 1.5},
 * {@code 1e3} and {@code "15"} are not whole numbers, {@code 2} is not a boolean, {@code 5} is not a table name),
 * unknown fields, duplicate fields, content after the JSON document, deep nesting and long strings are refused, and
 * so is {@code null} as a value. A body must be sent as {@code application/json}; endpoints that take no body refuse
 * one. Jackson's refusals become the API's 400 messages, which name the field and what it must be.
 */
final class RequestBodies {

    /** Largest body any {@code /sync} endpoint reads (bytes); larger ones are answered 413 before they are read. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final JsonMapper STRICT = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BODY_BYTES)
                    .build())
            .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // a null inside an array; a null field value is refused before binding (a left-out field is not null)
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE) // as quarkus.jackson.property-naming-strategy
            .build();

    /** What each field (or, with {@code []}, each element of it) must be, for the messages. */
    private static final Map<String, String> EXPECTED = Map.of(
            "tables", "an array of table names",
            "tables[]", "a table name (a non-empty string)",
            "force_full_sync", "true or false",
            "reconcile", "true or false");

    private RequestBodies() {
    }

    /** A required body of type {@code type}. */
    static <T> T required(String contentType, String raw, Class<T> type) throws JsonProcessingException {
        return read(contentType, raw, type, null);
    }

    /** An optional body of type {@code type}: {@code absent} when the body is empty. */
    static <T> T optional(String contentType, String raw, Class<T> type, T absent) throws JsonProcessingException {
        return read(contentType, raw, type, absent);
    }

    /** For endpoints that take no body: anything but an empty body is refused. */
    static void none(String raw, String endpoint) {
        if (raw != null && !raw.isEmpty()) {
            throw new IllegalArgumentException(endpoint + " takes no request body; send it empty");
        }
    }

    private static <T> T read(String contentType, String raw, Class<T> type, T absent) throws JsonProcessingException {
        boolean required = absent == null;
        if (raw == null || raw.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException("A JSON body is required");
            }
            return absent;
        }
        if (!isJson(contentType)) {
            throw new NotSupportedException("The body must be sent with Content-Type: application/json, got "
                    + (contentType == null ? "none" : ApiError.quote(contentType)));
        }
        JsonNode root = STRICT.readTree(raw);
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("The body is blank; send a JSON object" + (required ? "" : " or nothing"));
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object, got " + kind(root));
        }
        checkFields(root, type);
        try {
            return STRICT.treeToValue(root, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid; // the record's own check
            }
            throw e;
        } catch (UnrecognizedPropertyException e) {
            throw unknown(e.getPropertyName(), new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()));
        } catch (JsonMappingException e) {
            throw refused(root, e);
        }
    }

    /**
     * The fields in order, before binding: an unknown one is refused (the record's own checks would otherwise run
     * first), and so is one written as {@code null} (leaving it out is the way to omit it; Jackson cannot tell the
     * two apart for a record). The known names are the record's properties as Jackson sees them.
     */
    private static void checkFields(JsonNode root, Class<?> type) {
        Set<String> known = STRICT.getDeserializationConfig().introspect(STRICT.constructType(type)).findProperties()
                .stream().map(BeanPropertyDefinition::getName).collect(Collectors.toCollection(TreeSet::new));
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!known.contains(field.getKey())) {
                throw unknown(field.getKey(), known);
            }
            if (field.getValue().isNull()) {
                throw new IllegalArgumentException(field.getKey() + " must not be null (leave the field out instead)");
            }
        }
    }

    private static IllegalArgumentException unknown(String field, Set<String> known) {
        return new IllegalArgumentException("Unknown field " + ApiError.quote(field) + "; allowed: " + known);
    }

    /** Jackson's refusal of a value as the API's message: the field, what it must be, and what it got. */
    private static RuntimeException refused(JsonNode root, JsonMappingException e) {
        StringBuilder where = new StringBuilder();
        String field = null;
        boolean element = false;
        JsonNode value = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                field = field == null ? r.getFieldName() : field;
                where.append(where.isEmpty() ? "" : ".").append(r.getFieldName());
                value = value.path(r.getFieldName());
                element = false;
            } else {
                where.append('[').append(r.getIndex()).append(']');
                value = value.path(r.getIndex());
                element = true;
            }
        }
        if (field == null || value.isMissingNode()) {
            return new IllegalArgumentException("Invalid JSON body: " + e.getOriginalMessage());
        }
        if (field.equals("interval_minutes") && !element) {
            return new IllegalArgumentException(IntervalMinutes.WHOLE_NUMBER + ", got " + ApiError.quote(value.toString()));
        }
        String expected = EXPECTED.getOrDefault(element ? field + "[]" : field, "a value of the documented type");
        return new IllegalArgumentException(where + " must be " + expected + ", got " + kind(value));
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
