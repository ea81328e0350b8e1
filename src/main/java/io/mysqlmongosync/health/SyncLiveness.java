package io.mysqlmongosync.health;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.LeaseBudget;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.SyncEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the scheduler still ticks, no run has been going longer than SYNC_RUN_TIMEOUT_MINUTES, and no table of
 * the running run has gone SYNC_STALL_TIMEOUT_SECONDS without writing a page (a stuck run that only a restart can
 * clear; the restarted process resumes it at once). Answers from memory only, never waiting for a database, and
 * database outages alone do not make the pod unlive.
 */
@Liveness
@ApplicationScoped
public class SyncLiveness implements HealthCheck {

    private static final Duration TICK_GRACE = Duration.ofMinutes(10);

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SyncLiveness.class);

    private final SyncController controller;
    private final SyncEngine engine;
    private final SyncConfig config;
    private final LeaseBudget budget;

    SyncLiveness(SyncController controller, SyncEngine engine, SyncConfig config, LeaseBudget budget) {
        this.controller = controller;
        this.engine = engine;
        this.config = config;
        this.budget = budget;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("sync-scheduler").up();
        Instant now = Instant.now();
        Instant tick = controller.lastTick();
        b.withData("last_tick", tick.toString());
        if (Duration.between(tick, now).compareTo(TICK_GRACE) > 0) {
            b.down().withData("problem", "the scheduler has not ticked for " + Duration.between(tick, now).toMinutes()
                    + " minutes");
        }
        io.mysqlmongosync.engine.ActiveRun run = controller.activeRun();
        if (run != null) {
            Duration age = Duration.between(run.startedAt(), now);
            b.withData("running_run", run.id()).withData("running_seconds", age.toSeconds());
            if (age.compareTo(Duration.ofMinutes(config.runTimeoutMinutes())) > 0) {
                b.down().withData("problem", "run " + run.id() + " has been running for " + age.toMinutes()
                        + " minutes, over SYNC_RUN_TIMEOUT_MINUTES=" + config.runTimeoutMinutes());
            }
            Duration stallTimeout = budget.stallTimeout();
            Map<String, Duration> stalled = engine.stalled(stallTimeout);
            if (!stalled.isEmpty()) {
                String problem = "run " + run.id() + " is stuck: " + stalled.entrySet().stream()
                        .map(e -> e.getKey() + " has written nothing for " + e.getValue().toSeconds() + " s")
                        .collect(Collectors.joining(", ")) + ", over SYNC_STALL_TIMEOUT_SECONDS="
                        + stallTimeout.toSeconds();
                LOG.warn(problem);
                b.down().withData("problem", problem);
            }
        }
        return b.build();
    }
}
