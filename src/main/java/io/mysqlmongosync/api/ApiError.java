package io.mysqlmongosync.api;

/**
 * The body of every 4xx/5xx answer of the API.
 *
 * @param error short machine-readable code ({@code bad_request}, {@code not_found}, {@code conflict}, ...)
 * @param message what was wrong, for a person
 */
public record ApiError(String error, String message) {
}
