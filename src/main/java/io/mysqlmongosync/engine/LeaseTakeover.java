package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.state.LeaseDocument;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Takes over the tables of a replica that died (kill -9, a lost node, a partition) soon after their leases ran out,
 * rather than at the next scheduled run, which may be an interval away: every tick (SYNC_TICK) it looks for table
 * leases that expired without being given back since it last looked, and makes the next run due now. The run then
 * takes those tables with the next epoch and resumes them from their checkpoints (tables other replicas hold are
 * skipped as always). With the defaults a dead replica's tables move within SYNC_LEASE_SECONDS (30 s) plus a tick.
 */
@ApplicationScoped
public class LeaseTakeover {

    private static final Logger LOG = Logger.getLogger(LeaseTakeover.class);

    private final LeaseStore leases;
    private final ControlService control;
    private final SyncConfig config;
    private final String owner;
    /** Leases that expired before this were looked at already (or before this process started). */
    private volatile Date lookedUntil = new Date();

    LeaseTakeover(LeaseStore leases, ControlService control, SyncConfig config, SyncEngine engine) {
        this.leases = leases;
        this.control = control;
        this.config = config;
        this.owner = engine.owner();
    }

    @Scheduled(identity = "lease-takeover", every = "${sync.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debugf("Lease take-over check failed (next tick): %s", e.getMessage());
        }
    }

    /**
     * Makes a run due now when a table lease of another replica expired without release since the last look; nothing
     * while the schedule is paused (a paused deployment takes nothing over).
     */
    void check() {
        Date now = new Date();
        ControlState state = control.lastKnownState();
        if (state == null || state.paused()) {
            lookedUntil = now;
            return;
        }
        List<LeaseDocument> dead = leases.expiredUnreleased(config.tables(), lookedUntil).stream()
                .filter(d -> !owner.equals(d.owner)).toList();
        lookedUntil = now;
        if (!dead.isEmpty()) {
            LOG.infof("Taking over %s: the lease ran out without being given back; the next run is due now",
                    dead.stream().map(d -> d.table + " (held by " + d.owner + ", epoch " + d.epoch + ")")
                            .collect(Collectors.joining(", ")));
            control.dueNow();
        }
    }
}
