package io.mysqlmongosync.api;

import io.mysqlmongosync.health.ConnectionProblem;
import io.mysqlmongosync.health.ConnectionValidator;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps the control API answering while a dependency is down. A request that needs MySQL or MongoDB is answered
 * at once with a 503 naming it when the connection check knows it is unusable (within a second, see
 * {@link ConnectionValidator#problems(java.util.Collection, java.time.Duration)}), instead of waiting for a pooled connection or a
 * MongoDB server that does not come; a failure the check did not foresee is mapped to the same 503.
 * {@code /sync/health} and the probes are never refused: they say which side is unhealthy.
 */
public class DependencyGate {

    private static final List<String> NONE = List.of();
    private static final List<String> MYSQL = List.of("mysql");
    private static final List<String> MONGODB = List.of("mongodb");
    private static final List<String> BOTH = List.of("mysql", "mongodb");

    private final ConnectionValidator validator;

    DependencyGate(ConnectionValidator validator) {
        this.validator = validator;
    }

    /** Refuses a request whose dependency is down; runs on the worker thread, after authentication. */
    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        List<String> needs = needs(request.getMethod(), request.getUriInfo().getPath());
        if (needs.isEmpty()) {
            return null;
        }
        for (ConnectionProblem p : validator.problems(needs, ConnectionValidator.FRESH)) {
            return DependencyErrors.unavailable(p.component(), p.message());
        }
        return null;
    }

    /**
     * What a request needs: the mapping reads MySQL only, the tables and their samples need both, everything else
     * MongoDB. A trigger needs only MongoDB: a run started while MySQL is down retries its reads and, for a lost
     * privilege, pauses with an alert, which is what an operator asking for a run should see.
     */
    static List<String> needs(String method, String path) {
        if (!path.startsWith("/sync/")) {
            return NONE;
        }
        String rest = path.substring("/sync/".length());
        if (rest.equals("health") || rest.equals("verification")) {
            return NONE; // answered from memory and the connection checks
        }
        if (rest.equals("mapping") || rest.startsWith("mapping/")) {
            return MYSQL;
        }
        if (rest.equals("tables") || rest.startsWith("tables/")) {
            return BOTH;
        }
        return MONGODB;
    }

    /** MySQL failures reaching the API: 503 {@code mysql_unavailable} (a checked exception, unmapped otherwise). */
    @ServerExceptionMapper
    public Response mysql(SQLException e) {
        return DependencyErrors.of(e);
    }

    /** MongoDB failures reaching the API (timeouts, refused connections, authentication): 503 {@code mongodb_unavailable}. */
    @ServerExceptionMapper
    public Response mongodb(com.mongodb.MongoException e) {
        Response r = DependencyErrors.of(e);
        return r != null ? r : ApiExceptionMappers.error(500, "internal_error", "MongoDB refused the request ("
                + e.getClass().getSimpleName() + "); see the service log");
    }
}
