package io.mysqlmongosync.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds the error answers to the OpenAPI document: an operation lists its 4xx codes in the extension {@link #CODES}
 * (written next to the method), and each becomes a response with the {@link ApiError} schema and an example. The
 * extension itself is removed from the document, and so is the untyped body SmallRye infers for the endpoints that
 * take none (they read the raw body only to refuse it).
 */
public class ErrorResponses implements OASFilter {

    /** Operation extension naming the error status codes of an endpoint, comma-separated. */
    public static final String CODES = "x-error-codes";

    private static final Map<String, String[]> ERRORS = Map.of(
            "400", new String[] {"bad_request", "Malformed or invalid input (nothing was changed)",
                IntervalMinutes.WHOLE_NUMBER + ", got '1.5'"},
            "401", new String[] {"unauthorized", "No valid bearer token (authentication on)",
                "Authentication required: send Authorization: Bearer <token>"},
            "403", new String[] {"forbidden", "The token lacks the needed role", "This action needs the role sync-operator"},
            "404", new String[] {"not_found", "Unknown table, or nothing to show yet",
                "Unknown table 'nope'; SYNC_TABLES configures [products, categories]"},
            "409", new String[] {"conflict", "A run or verification is active, or the control state kept changing concurrently",
                new io.mysqlmongosync.engine.RunInProgressException("6f1c2a").getMessage()},
            "413", new String[] {"payload_too_large", "The body is larger than 64 KiB",
                "The request body is larger than 65536 bytes"},
            "503", new String[] {"mongodb_unavailable", "MySQL or MongoDB, which this answer needs, is unavailable"
                    + " (error mysql_unavailable or mongodb_unavailable); nothing was changed",
                "MongoDB is unavailable, so this cannot be answered now: no answer within 3 s"},
            "415", new String[] {"unsupported_media_type", "A body that is not sent as application/json",
                "The body must be sent with Content-Type: application/json, got 'text/plain'"});

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getComponents().getSchemas() == null
                || !openAPI.getComponents().getSchemas().containsKey("ApiError")) {
            openAPI.getComponents().addSchema("ApiError", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                    .description("The body of every 4xx and 5xx answer").required(java.util.List.of("error", "message"))
                    .addProperty("error", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                            .description("Machine-readable code: bad_request, unauthorized, forbidden, not_found,"
                                    + " method_not_allowed, not_acceptable, conflict, payload_too_large, uri_too_long,"
                                    + " unsupported_media_type, internal_error, mysql_unavailable,"
                                    + " mongodb_unavailable"))
                    .addProperty("message", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                            .description("What was wrong, for a person; quotes at most " + ApiError.QUOTE_CHARS
                                    + " characters of the input")));
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> {
            add(op);
            if (!DependencyGate.needs(method.name(), path).isEmpty()) {
                addError(op, "503"); // answered by DependencyGate while the dependency is down
            }
        }));
    }

    private void add(Operation op) {
        if (op.getRequestBody() != null) {
            op.getRequestBody().removeExtension(CODES);
            if (op.getRequestBody().getContent() != null && op.getRequestBody().getContent().hasMediaType("*/*")) {
                // The raw String parameter of an endpoint that takes no body (it is read only to refuse one).
                op.setRequestBody(null);
            }
        }
        if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
            op.getResponses().getAPIResponses().values().forEach(r -> r.removeExtension(CODES));
        }
        if (op.getExtensions() == null || !op.getExtensions().containsKey(CODES)) {
            return;
        }
        String codes = String.valueOf(op.getExtensions().get(CODES));
        op.removeExtension(CODES);
        for (String code : codes.split(",")) {
            addError(op, code.trim());
        }
    }

    private static void addError(Operation op, String code) {
        String[] e = ERRORS.get(code);
        if (e == null) {
            throw new IllegalStateException("No description of error code " + code + " in " + CODES);
        }
        MediaType json = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/ApiError"))
                .example(Map.of("error", e[0], "message", e[2]));
        APIResponse response = OASFactory.createAPIResponse().description(e[1])
                .content(OASFactory.createContent().addMediaType("application/json", json));
        op.getResponses().addAPIResponse(code, response);
    }
}
