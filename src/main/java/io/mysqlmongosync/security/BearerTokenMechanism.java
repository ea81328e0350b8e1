package io.mysqlmongosync.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AnonymousAuthenticationRequest;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>}. A static token (SYNC_API_OPERATOR_TOKEN / SYNC_API_VIEWER_TOKEN)
 * is authenticated here; any other token is left to the SmallRye JWT mechanism when a JWT key is configured, and
 * refused otherwise (ignored with SYNC_API_AUTH=none). Runs before the JWT mechanism (higher priority), which would
 * reject a static token as a malformed JWT. No header means anonymous: the endpoint's {@code @RolesAllowed} then
 * answers 401.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "bearer ";
    private final ApiAuthSettings settings;

    BearerTokenMechanism(ApiAuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(PREFIX.length()).trim();
        if (settings.roleOf(token).isPresent()) {
            return identityProviderManager.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(new StaticTokenRequest(token), context));
        }
        if (settings.jwtEnabled()) {
            return Uni.createFrom().nullItem();
        }
        if (settings.open()) {
            // SYNC_API_AUTH=none: an unknown token is ignored (anonymous, which may do everything) rather than
            // handed to the JWT mechanism, which would reject it.
            return identityProviderManager.authenticate(AnonymousAuthenticationRequest.INSTANCE);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("The bearer token is not valid"));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"mysql-mongo-sync\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(StaticTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
