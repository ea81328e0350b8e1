package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.binlog.CdcSettings;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Looks after the binlog streams between passes, every SYNC_CDC_SUPERVISE_EVERY (default 5 s): starts the streams of
 * tables that stream (here before a restart, or on another replica) from their checkpoints; stops them while
 * the sync is paused (POST /sync/pause, a critical error, SYNC_ENABLED=false) and starts them again from their
 * checkpoints when it is resumed, restarts a dead stream, breaks a silent connection, and, with
 * {@code SYNC_CDC_RESNAPSHOT_ON_GAP=true}, starts the reload of a table whose binlog position was lost.
 */
@ApplicationScoped
public class BinlogSupervisor {

    private static final Logger LOG = Logger.getLogger(BinlogSupervisor.class);

    private final BinlogStreams streams;
    private final ControlService state;
    private final SyncController controller;
    private final CdcSettings settings;
    private final TableCatalog catalog;

    BinlogSupervisor(BinlogStreams streams, ControlService state, SyncController controller, CdcSettings settings,
            TableCatalog catalog) {
        this.catalog = catalog;
        this.streams = streams;
        this.state = state;
        this.controller = controller;
        this.settings = settings;
    }

    @Scheduled(identity = "binlog-supervisor", every = "${SYNC_CDC_SUPERVISE_EVERY:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        adopt();
        if (!streams.active()) {
            return; // no table streams on this replica: nothing to read
        }
        try {
            Set<String> gaps = streams.supervise(state.state().paused());
            if (!gaps.isEmpty() && settings.resnapshotOnGap() && controller.activeRun() == null) {
                List<String> tables = List.copyOf(new java.util.TreeSet<>(gaps));
                LOG.warnf("Reloading %s: binlog position lost and SYNC_CDC_RESNAPSHOT_ON_GAP=true",
                        String.join(", ", tables));
                controller.trigger(tables, false, true);
            }
        } catch (RunInProgressException raced) {
            LOG.debug("Reload after a binlog gap waits for the run in progress");
        } catch (RuntimeException e) {
            LOG.warnf("Binlog supervision failed (next tick tries again): %s", e.getMessage());
        }
    }

    /**
     * Registers the tables in binlog mode whose checkpoint holds a binlog position and that this replica does not
     * supervise yet, so their streams start from it at once, not only after the next pass: after a start, and on a
     * replica whose passes skipped the table because another replica held it (a standby, which then tries the
     * stream's lease every tick and takes the stream over when its holder dies). Tables not discovered yet (MySQL
     * unreachable at start-up) are discovered as soon as MySQL answers.
     */
    private void adopt() {
        try {
            if (!catalog.discovered()) {
                // MySQL did not answer at start-up: discover as soon as it does, so the streams of tables that
                // streamed before start now, not at the next scheduled pass.
                catalog.discover(false);
            }
            catalog.configuredTables().stream().filter(name -> !streams.registered(name)).map(catalog::table)
                    .flatMap(java.util.Optional::stream).filter(t -> BinlogCapture.NAME.equals(t.captureMode()))
                    .forEach(streams::adopt);
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.debugf("Binlog tables not adopted yet: %s", e.getMessage());
        }
    }
}
