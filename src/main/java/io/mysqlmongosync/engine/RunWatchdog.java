package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Every tick (SYNC_TICK), aborts the tables of the running run that have made no progress for
 * SYNC_STALL_TIMEOUT_SECONDS ({@link SyncEngine#abortStalled}); they end failed and the next pass retries them.
 * Runs whether the scheduler is paused or not: a run started through the API is watched too.
 */
@ApplicationScoped
public class RunWatchdog {

    private final SyncEngine engine;
    private final SyncConfig config;

    RunWatchdog(SyncEngine engine, SyncConfig config) {
        this.engine = engine;
        this.config = config;
    }

    @Scheduled(identity = "run-watchdog", every = "${sync.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        engine.abortStalled(Duration.ofSeconds(config.stallTimeoutSeconds()));
    }
}
