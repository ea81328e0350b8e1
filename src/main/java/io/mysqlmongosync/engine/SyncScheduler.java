package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Dependencies;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The thin scheduled job: every tick (SYNC_TICK, default 10 s) it ends a pause whose cause was a dependency that
 * answers again ({@link ControlService#resumeIfResolved}) and asks the controller to start a run if one is due.
 * Then, when the run slot is free, the scheduled repairs that are due ({@link ScheduledRepairs}).
 * The interval itself lives in the control state, so changing it needs no restart.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SyncController controller;
    private final ControlService control;
    private final Dependencies dependencies;
    private final ScheduledRepairs repairs;

    SyncScheduler(SyncController controller, ControlService control, Dependencies dependencies,
            ScheduledRepairs repairs) {
        this.repairs = repairs;
        this.controller = controller;
        this.control = control;
        this.dependencies = dependencies;
    }

    @Scheduled(identity = "sync-tick", every = "${sync.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            control.resumeIfResolved(dependencies);
            controller.runIfDue();
            repairs.runIfDue(); // when the slot is free: a sync run that started now goes first
        } catch (RuntimeException e) {
            LOG.warnf("Scheduler tick failed (will try again next tick): %s", e.getMessage());
        }
    }
}
