package io.mysqlmongosync.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every 4xx/5xx answer of the API.
 *
 * @param error short machine-readable code ({@code bad_request}, {@code not_found}, {@code conflict}, ...)
 * @param message what was wrong, for a person
 */
@Schema(name = "ApiError", description = "The body of every 4xx and 5xx answer",
        example = "{\"error\": \"bad_request\", \"message\": \"interval_minutes must be between " + IntervalMinutes.MIN
                + " and " + IntervalMinutes.MAX + ", got 0\"}")
public record ApiError(
        @Schema(required = true, example = "bad_request",
                description = "bad_request, unauthorized, forbidden, not_found, method_not_allowed, not_acceptable,"
                        + " conflict, payload_too_large, uri_too_long, unsupported_media_type, internal_error")
        String error,
        @Schema(required = true, description = "What was wrong, for a person; quotes at most "
                + ApiError.QUOTE_CHARS + " characters of the input")
        String message) {

    /** Longest part of a client's input an error message repeats. */
    public static final int QUOTE_CHARS = 64;
    /** Longest message an error carries. */
    static final int MAX_MESSAGE_CHARS = 512;

    /** The client's input in single quotes, cut to {@link #QUOTE_CHARS} characters (with its full length when cut). */
    public static String quote(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(QUOTE_CHARS + 32).append('\'');
        int n = Math.min(input.length(), QUOTE_CHARS);
        for (int i = 0; i < n; i++) {
            char c = input.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        out.append('\'');
        if (input.length() > QUOTE_CHARS) {
            out.append("... (").append(input.length()).append(" characters)");
        }
        return out.toString();
    }

    /** A message cut to {@link #MAX_MESSAGE_CHARS}: the last guard against echoing a large input. */
    static String bounded(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
