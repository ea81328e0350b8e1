package io.mysqlmongosync.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every tick (SYNC_TICK), aborts the tables of the running run that have made no progress for
 * SYNC_STALL_TIMEOUT_SECONDS, else the page budget ({@link LeaseBudget#stallTimeout}, {@link SyncEngine#abortStalled}); they end failed and the next pass retries them.
 * Runs whether the scheduler is paused or not: a run started through the API is watched too.
 */
@ApplicationScoped
public class RunWatchdog {

    private final SyncEngine engine;
    private final LeaseBudget budget;

    RunWatchdog(SyncEngine engine, LeaseBudget budget) {
        this.engine = engine;
        this.budget = budget;
    }

    @Scheduled(identity = "run-watchdog", every = "${sync.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        engine.abortStalled(budget.stallTimeout());
    }
}
