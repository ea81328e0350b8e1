package io.mysqlmongosync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mysqlmongosync.engine.ControlStateConflictException;
import io.mysqlmongosync.engine.RunInProgressException;
import io.mysqlmongosync.engine.UnknownTableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of the API to a JSON {@link ApiError}; never a stack trace, never a secret. */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String detail = e.getOriginalMessage();
        if (detail != null && detail.length() > 2 * ApiError.QUOTE_CHARS) {
            // Jackson quotes the offending token (up to 256 characters); keep the explanation, not the input.
            detail = detail.substring(0, 2 * ApiError.QUOTE_CHARS) + "...";
        }
        return error(400, "bad_request", "Malformed JSON body: " + (detail == null ? "cannot be parsed" : detail));
    }

    /** Wrong JSON types and unknown fields (Quarkus maps these itself unless a more specific mapper exists). */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("body");
        String problem = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                ? "unknown field" : "wrong type or value";
        return error(400, "bad_request", "Invalid JSON body: " + problem + " at '" + field + "'");
    }

    /** Syntax errors in the JSON body. */
    @ServerExceptionMapper
    public Response unparsable(com.fasterxml.jackson.core.JsonParseException e) {
        return badJson(e);
    }

    /** A body that ends too early. */
    @ServerExceptionMapper
    public Response truncated(com.fasterxml.jackson.core.io.JsonEOFException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return error(400, "bad_request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownTable(UnknownTableException e) {
        return error(404, "not_found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response busy(RunInProgressException e) {
        return error(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response tableBusy(io.mysqlmongosync.engine.TableBusyException e) {
        return error(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response contended(ControlStateConflictException e) {
        return error(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "error";
        };
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException j) {
            return badJson(j);
        }
        return error(status, code, status == 404 && e.getMessage() != null && e.getMessage().startsWith("HTTP 404")
                ? "No such endpoint" : e.getMessage());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response unexpected(RuntimeException e) {
        Response dependency = DependencyErrors.of(e); // a MySQL or MongoDB failure wrapped on its way up: 503
        if (dependency != null) {
            LOG.warnf("API request failed, a dependency is unavailable: %s", e.getMessage());
            return dependency;
        }
        LOG.errorf(e, "Unexpected API error");
        return error(500, "internal_error", "Internal error (" + e.getClass().getSimpleName() + "); see the service log");
    }

    static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(code, ApiError.bounded(message))).build();
    }
}
