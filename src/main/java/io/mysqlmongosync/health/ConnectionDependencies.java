package io.mysqlmongosync.health;

import io.mysqlmongosync.engine.ConnectionDiagnosis;
import io.mysqlmongosync.engine.port.Dependencies;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The engine's view of the connection checks ({@link ConnectionValidator}): dependency states and diagnosis. */
@ApplicationScoped
public class ConnectionDependencies implements Dependencies, ConnectionDiagnosis {

    private final ConnectionValidator validator;

    ConnectionDependencies(ConnectionValidator validator) {
        this.validator = validator;
    }

    @Override
    public State state(String dependency) {
        List<ConnectionProblem> problems = validator.problems(List.of(dependency), ConnectionValidator.FRESH);
        if (problems.isEmpty()) {
            return State.OK;
        }
        ConnectionProblem p = problems.get(0);
        String code = p.code();
        boolean unreachable = code.endsWith("_unreachable") || code.endsWith("_timeout")
                || code.endsWith("_unresolvable");
        return new State(unreachable ? "unreachable" : "refused", p.message());
    }

    @Override
    public boolean explainMySql() {
        return validator.explainMySql();
    }
}
