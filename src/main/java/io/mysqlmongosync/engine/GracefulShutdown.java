package io.mysqlmongosync.engine;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * What SIGTERM does to a running sync, in this order, while the MongoDB client is still open: (1) no write starts
 * any more under a table lease ({@link TableLeases#stopWriting}); (2) the run is interrupted and given up to
 * {@link #RUN_STOP_WAIT} to end, so it records its result in the run history instead of being left {@code running};
 * (3) the leases still held are given back, for at most {@link #RELEASE_WAIT}, so another replica takes the tables at
 * once (a lease not given back in time expires after SYNC_LEASE_SECONDS). Giving the leases back before the run
 * stopped would let a page still on its way land after another replica took the table.
 *
 * <p>The whole shutdown is bounded: every call to MySQL or MongoDB has its deadline (SYNC_OPERATION_TIMEOUT_SECONDS),
 * and should anything still hold the process {@link #PROCESS_LIMIT} after SIGTERM (a stream's thread, a library's
 * own wait), the process is halted, so a pod ends within 10 s whatever MongoDB or MySQL does.
 */
@ApplicationScoped
class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** How long the run gets to stop and record its end. */
    static final Duration RUN_STOP_WAIT = Duration.ofSeconds(5);
    /** How long the leases still held get to be given back. */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(2);
    /** SIGTERM to exit, at most: within 10 s, and well inside Kubernetes' default 30 s grace period. */
    static final Duration PROCESS_LIMIT = Duration.ofMillis(9_500);
    /** The exit status of a process halted at {@link #PROCESS_LIMIT}: 128 + SIGTERM, as if the signal had ended it. */
    static final int HALTED_STATUS = 143;

    private final TableLeases leases;
    private final RunSlot slot;

    GracefulShutdown(TableLeases leases, RunSlot slot) {
        this.leases = leases;
        this.slot = slot;
    }

    /**
     * First of every shutdown step: the process ends within {@link #PROCESS_LIMIT} whatever the others do. Only when
     * the process ends with the application (a packaged service): tests and dev mode stop and start applications
     * within one JVM that goes on.
     */
    void limit(@Observes @Priority(1) ShutdownEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Thread limit = new Thread(() -> {
            try {
                Thread.sleep(PROCESS_LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.warnf("The shutdown did not finish within %d ms of its start; the process ends now",
                    PROCESS_LIMIT.toMillis());
            Runtime.getRuntime().halt(HALTED_STATUS);
        }, "shutdown-limit");
        limit.setDaemon(true); // the JVM does not wait for it: a shutdown that finishes in time exits at once
        limit.start();
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
            releaseLeases();
        }
    }

    /** Gives the leases back on a thread of its own, waiting for it at most {@link #RELEASE_WAIT}. */
    private void releaseLeases() {
        Thread release = new Thread(leases::releaseAll, "lease-release");
        release.setDaemon(true);
        release.start();
        try {
            release.join(RELEASE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (release.isAlive()) {
            LOG.warnf("The leases were not all given back within %d ms (MongoDB slow or silent); the rest expire"
                    + " after SYNC_LEASE_SECONDS", RELEASE_WAIT.toMillis());
        }
    }
}
