package io.mysqlmongosync.api;

import io.mysqlmongosync.api.ControlModels.TriggerResponse;
import io.mysqlmongosync.security.AuditTrail;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Records every control action (any {@code /sync} request that is not a read) in the audit trail once its answer
 * is known, including the ones refused with 401/403 and the ones that failed: who, what, from where, status.
 */
public class AuditFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final AuditTrail audit;

    AuditFilter(AuditTrail audit) {
        this.audit = audit;
    }

    /**
     * Records the action before the answer leaves. Refusals (401/403) are decided on the event loop, where the
     * MongoDB insert must not block, so the recording then moves to a worker thread and the answer waits for it.
     */
    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource,
            HttpServerRequest http, Throwable failure) {
        String path = request.getUriInfo().getPath();
        if (READS.contains(request.getMethod()) || !(path.equals("/sync") || path.startsWith("/sync/"))) {
            return Uni.createFrom().voidItem();
        }
        String action = resource != null && resource.getMethodName() != null ? resource.getMethodName() : path;
        Map<String, Object> detail = null;
        if (response.getEntity() instanceof TriggerResponse t) {
            detail = new LinkedHashMap<>();
            detail.put("run_id", t.runId());
            detail.put("tables", t.tables());
            detail.put("force_full_sync", t.forceFullSync());
        }
        String from = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        String who = who(request, failure);
        String method = request.getMethod();
        int status = response.getStatus();
        Map<String, Object> facts = detail;
        if (!Context.isOnEventLoopThread()) {
            audit.record(who, action, method, path, from, status, facts);
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            audit.record(who, action, method, path, from, status, facts);
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static String who(ContainerRequestContext request, Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            return "invalid-credentials";
        }
        try {
            Principal p = request.getSecurityContext().getUserPrincipal();
            return p == null || p.getName() == null || p.getName().isEmpty() ? "anonymous" : p.getName();
        } catch (RuntimeException e) {
            // The identity could not be established (a rejected token): nobody is known.
            return "invalid-credentials";
        }
    }
}
