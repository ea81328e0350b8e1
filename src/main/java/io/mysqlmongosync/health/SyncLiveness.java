package io.mysqlmongosync.health;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.SyncController;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the scheduler still ticks, and no run has been going longer than SYNC_RUN_TIMEOUT_MINUTES
 * (a stuck run that only a restart can clear). Database outages do not make the pod unlive.
 */
@Liveness
@ApplicationScoped
public class SyncLiveness implements HealthCheck {

    private static final Duration TICK_GRACE = Duration.ofMinutes(10);

    private final SyncController controller;
    private final SyncConfig config;

    SyncLiveness(SyncController controller, SyncConfig config) {
        this.controller = controller;
        this.config = config;
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
        SyncController.ActiveRun run = controller.activeRun();
        if (run != null) {
            Duration age = Duration.between(run.startedAt(), now);
            b.withData("running_run", run.id()).withData("running_seconds", age.toSeconds());
            if (age.compareTo(Duration.ofMinutes(config.runTimeoutMinutes())) > 0) {
                b.down().withData("problem", "run " + run.id() + " has been running for " + age.toMinutes()
                        + " minutes, over SYNC_RUN_TIMEOUT_MINUTES=" + config.runTimeoutMinutes());
            }
        }
        return b.build();
    }
}
