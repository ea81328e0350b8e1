package io.mysqlmongosync.engine;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * What SIGTERM does to a running sync, in this order, while the MongoDB client is still open: (1) no write starts
 * any more under a table lease ({@link TableLeases#stopWriting}); (2) the run is interrupted and given up to
 * {@link #RUN_STOP_WAIT} to end, so it records its result in the run history instead of being left {@code running};
 * (3) the leases still held are given back, so another replica takes the tables at once. Giving the leases back
 * before the run stopped would let a page still on its way land after another replica took the table.
 */
@ApplicationScoped
class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** Well inside Kubernetes' default 30 s grace period. */
    static final Duration RUN_STOP_WAIT = Duration.ofSeconds(10);

    private final TableLeases leases;
    private final RunSlot slot;

    GracefulShutdown(TableLeases leases, RunSlot slot) {
        this.leases = leases;
        this.slot = slot;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        leases.stopWriting();
        ActiveRun run = slot.active();
        try {
            if (!slot.stop(RUN_STOP_WAIT) && run != null) {
                LOG.warnf("Run %s did not stop within %d s of the shutdown; its leases are given back now and it"
                        + " writes nothing more", run.id(), RUN_STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leases.releaseAll();
        }
    }
}
