package io.mysqlmongosync.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while a connection cannot be used the way the sync needs it (wrong password, missing database,
 * missing privileges, a MongoDB user that may not write, an unresolvable host). The built-in checks only see
 * whether a pooled connection answers, which stays true after a password change or a revoked grant.
 */
@Readiness
@ApplicationScoped
public class ConnectionReadiness implements HealthCheck {

    private final ConnectionValidator validator;

    ConnectionReadiness(ConnectionValidator validator) {
        this.validator = validator;
    }

    @Override
    public HealthCheckResponse call() {
        List<ConnectionProblem> problems = validator.problems();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("sync-connections").status(problems.isEmpty());
        for (String component : ConnectionValidator.COMPONENTS) {
            b.withData(component, problems.stream().filter(p -> p.component().equals(component)).findFirst()
                    .map(ConnectionProblem::message).orElse("ok"));
        }
        return b.build();
    }
}
