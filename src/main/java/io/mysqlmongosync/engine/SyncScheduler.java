package io.mysqlmongosync.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The thin scheduled job: every tick (SYNC_TICK, default 10 s) it asks the controller to start a run if one is
 * due. The interval itself lives in the control state, so changing it needs no restart.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SyncController controller;

    SyncScheduler(SyncController controller) {
        this.controller = controller;
    }

    @Scheduled(identity = "sync-tick", every = "${sync.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            controller.runIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("Scheduler tick failed (will try again next tick): %s", e.getMessage());
        }
    }
}
