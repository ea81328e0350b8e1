package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.binlog.CdcSettings;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Looks after every {@link SupervisedStreams} between passes, every SYNC_CDC_SUPERVISE_EVERY (default 5 s): adopts
 * the tables that stream from a stored position (so their streams start at once after a start, not only after the
 * next pass), stops the streams while the sync is paused (POST /sync/pause, a critical error, SYNC_ENABLED=false)
 * and starts them again on resume, restarts dead streams, and, with {@code SYNC_CDC_RESNAPSHOT_ON_GAP=true}, starts
 * the reload of the tables whose stored position was lost. A failure of one kind of stream never keeps the other
 * from being looked after.
 */
@ApplicationScoped
public class StreamSupervisor {

    private static final Logger LOG = Logger.getLogger(StreamSupervisor.class);

    private final Instance<SupervisedStreams> streams;
    private final ControlService state;
    private final SyncController controller;
    private final CdcSettings settings;

    StreamSupervisor(@Any Instance<SupervisedStreams> streams, ControlService state, SyncController controller,
            CdcSettings settings) {
        this.streams = streams;
        this.state = state;
        this.controller = controller;
        this.settings = settings;
    }

    @Scheduled(identity = "stream-supervisor", every = "${SYNC_CDC_SUPERVISE_EVERY:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (SupervisedStreams s : streams) {
            supervise(s);
        }
    }

    private void supervise(SupervisedStreams s) {
        try {
            s.adopt();
            if (!s.active()) {
                return; // no table streams on this replica: nothing to read
            }
            Set<String> gaps = s.supervise(state.state().paused());
            if (!gaps.isEmpty() && settings.resnapshotOnGap() && controller.activeRun() == null) {
                List<String> tables = List.copyOf(new TreeSet<>(gaps));
                LOG.warnf("Reloading %s: %s position lost and SYNC_CDC_RESNAPSHOT_ON_GAP=true",
                        String.join(", ", tables), s.kind());
                controller.trigger(tables, false, true);
            }
        } catch (RunInProgressException raced) {
            LOG.debugf("Reload after a lost %s position waits for the run in progress", s.kind());
        } catch (RuntimeException e) {
            LOG.warnf("Supervision of the %s streams failed (next tick tries again): %s", s.kind(), e.getMessage());
        }
    }
}
