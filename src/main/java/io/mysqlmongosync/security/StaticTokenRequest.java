package io.mysqlmongosync.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A bearer token to check against the configured static tokens. A type of its own, so that the JWT identity
 * provider (which handles {@code TokenAuthenticationRequest}) never sees it, and no {@code toString} shows it.
 */
public final class StaticTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    /** Wraps the token sent as {@code Authorization: Bearer <token>}. */
    public StaticTokenRequest(String token) {
        this.token = token;
    }

    /** The token as sent. */
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "StaticTokenRequest[token=***]";
    }
}
