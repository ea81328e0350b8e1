package io.mysqlmongosync.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a static bearer token into an identity: {@code operator-token} with both roles, or {@code viewer-token}
 * with the viewer role. The principal name is what the audit trail records as "who".
 */
@ApplicationScoped
public class StaticTokenIdentityProvider implements IdentityProvider<StaticTokenRequest> {

    private final ApiAuthSettings settings;

    StaticTokenIdentityProvider(ApiAuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public Class<StaticTokenRequest> getRequestType() {
        return StaticTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(StaticTokenRequest request, AuthenticationRequestContext context) {
        return settings.roleOf(request.token()).<Uni<SecurityIdentity>>map(role -> {
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().addRole(ApiRoles.VIEWER);
            if (role == ApiAuthSettings.TokenRole.OPERATOR) {
                b.setPrincipal(new QuarkusPrincipal("operator-token")).addRole(ApiRoles.OPERATOR);
            } else {
                b.setPrincipal(new QuarkusPrincipal("viewer-token"));
            }
            return Uni.createFrom().item(b.build());
        }).orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("The bearer token is not valid")));
    }
}
