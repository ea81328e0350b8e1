package io.mysqlmongosync.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completes the roles of every identity: an operator is also a viewer (so a JWT with only {@code sync-operator}
 * in {@code groups} can read too); an anonymous caller gets both roles when SYNC_API_AUTH=none, and the viewer role
 * when SYNC_API_PUBLIC_READ=true. Anonymous stays anonymous, so the audit trail still says "anonymous".
 */
@ApplicationScoped
public class ApiRoleAugmentor implements SecurityIdentityAugmentor {

    private final ApiAuthSettings settings;

    ApiRoleAugmentor(ApiAuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            if (settings.open()) {
                return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(ApiRoles.OPERATOR)
                        .addRole(ApiRoles.VIEWER).build());
            }
            if (settings.publicRead()) {
                return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(ApiRoles.VIEWER).build());
            }
            return Uni.createFrom().item(identity);
        }
        if (identity.hasRole(ApiRoles.OPERATOR) && !identity.hasRole(ApiRoles.VIEWER)) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(ApiRoles.VIEWER).build());
        }
        return Uni.createFrom().item(identity);
    }
}
