package io.mysqlmongosync.api;

import io.mysqlmongosync.security.AuditTrail;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses malformed requests on the HTTP layer, before any endpoint, authentication or body reading, with the same
 * JSON {@link ApiError} body as the endpoints: request targets longer than {@link #MAX_URI_CHARS} (414), matrix
 * parameters ({@code ;}), broken or control-character percent escapes, encoded slashes and non-canonical paths
 * under {@code /sync} (empty or dot segments, a trailing slash) (400), and a declared body larger than
 * {@link RequestBodies#MAX_BODY_BYTES} (413) or sent chunked to {@code /sync} (411). Router-level failures (a path Vert.x cannot decode, a streamed body over
 * {@code quarkus.http.limits.max-body-size}) get the JSON body too. Requests the HTTP codec itself rejects before
 * they reach the router (a request line over {@code quarkus.http.limits.max-initial-line-length}, a control character
 * in a header) are answered by Vert.x without a body.
 */
@ApplicationScoped
public class HttpGuard {

    /** Longest request target (path and query) accepted. */
    static final int MAX_URI_CHARS = 2048;

    private final AuditTrail audit;

    HttpGuard(AuditTrail audit) {
        this.audit = audit;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
        router.route().order(-1000).failureHandler(HttpGuard::jsonFailure);
        router.errorHandler(400, HttpGuard::jsonFailure);
        router.errorHandler(413, HttpGuard::jsonFailure);
    }

    private void check(RoutingContext ctx) {
        String uri = ctx.request().uri();
        String problem = null;
        int status = 400;
        if (uri != null && uri.length() > MAX_URI_CHARS) {
            status = 414;
            problem = "The request target is " + uri.length() + " characters long; at most " + MAX_URI_CHARS
                    + " are accepted";
        } else {
            String path = ctx.request().path();
            problem = validUri(uri) ? pathProblem(path == null ? "" : path)
                    : "The request target is not a valid URI (characters that must be percent-encoded, or a broken"
                            + " escape)";
            if (problem == null) {
                String query = ctx.request().query();
                problem = query == null ? null : escapeProblem(query, "query");
            }
            if (problem == null) {
                String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                if (length != null && tooLong(length)) {
                    status = 413;
                    problem = "The request body is larger than " + RequestBodies.MAX_BODY_BYTES + " bytes";
                } else if (length == null && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                        && path != null && path.startsWith("/sync")) {
                    // A streamed body's size is not known up front; past the limit Quarkus could only answer
                    // without a body. The control API's bodies are small: they must state their length.
                    status = 411;
                    problem = "Send the request body with a Content-Length (at most " + RequestBodies.MAX_BODY_BYTES
                            + " bytes), not chunked";
                }
            }
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        audit.countUnrecorded("http_guard");
        send(ctx.response(), status, problem, status == 413 || status == 411);
    }

    /**
     * Quarkus' own check of the request target, which answers without a body; it is switched off
     * ({@code vertx.disableURIValidation}, set by {@link io.mysqlmongosync.Main}) so this one answers instead.
     */
    private static boolean validUri(String uri) {
        try {
            new java.net.URI(uri);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** What is wrong with the raw (still encoded) path, or null. */
    static String pathProblem(String path) {
        if (path.indexOf(';') >= 0) {
            return "Matrix parameters (';' in the path) are not accepted";
        }
        String escapes = escapeProblem(path, "path");
        if (escapes != null) {
            return escapes;
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || path.indexOf('\\') >= 0) {
            return "Encoded slashes are not accepted in the path";
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            char c = (char) (Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16));
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0) {
                return "Percent-encoded letters, digits and '-._~' are not accepted in the path; write them plainly";
            }
        }
        if (path.equals("/sync") || path.startsWith("/sync/")) {
            for (String segment : path.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return "The path must be written exactly as documented (no empty or dot segments, no trailing"
                            + " slash)";
                }
            }
        }
        return null;
    }

    /** A '%' not followed by two hex digits, or an escaped control character, or null. */
    private static String escapeProblem(String s, String where) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                return "Invalid percent-escape in the " + where + " at character " + i;
            }
            int value = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
            if (value < 0x20 || value == 0x7f) {
                return "Escaped control characters are not accepted in the " + where;
            }
        }
        return null;
    }

    private static boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > RequestBodies.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A failure of the router (or a handler before the endpoints) as a JSON error, when nothing answered yet. */
    private static void jsonFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().ended() || ctx.response().headWritten() || status < 400 || status >= 500) {
            if (ctx.failed()) {
                ctx.next();
            }
            return;
        }
        String message = switch (status) {
            case 400 -> "The request cannot be read (malformed path, escape or header)";
            case 413 -> "The request body is larger than " + RequestBodies.MAX_BODY_BYTES + " bytes";
            case 404 -> "No such endpoint";
            case 405 -> "Method not allowed";
            default -> "The request was refused";
        };
        send(ctx.response(), status, message, status == 413);
    }

    static void send(HttpServerResponse response, int status, String message, boolean close) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 411 -> "length_required";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            default -> "error";
        };
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (close) {
            // The body is not read: the connection cannot be reused.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(new JsonObject().put("error", code).put("message", message).encode());
    }
}
