package io.mysqlmongosync.health;

import io.mysqlmongosync.engine.port.Dependencies;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** The engine's view of the connection checks ({@link ConnectionValidator}). */
@ApplicationScoped
public class ConnectionDependencies implements Dependencies {

    private final ConnectionValidator validator;

    ConnectionDependencies(ConnectionValidator validator) {
        this.validator = validator;
    }

    @Override
    public String problem(String dependency) {
        List<ConnectionProblem> problems = validator.problems(List.of(dependency), Duration.ZERO);
        return problems.isEmpty() ? null : problems.get(0).message();
    }
}
