package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.ControlService;
import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.engine.TableContext;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Looks after the reverse tables' MongoDB change streams every SYNC_CDC_SUPERVISE_EVERY (default 5 s), when edits are
 * found by change streams ({@link ReverseCapture}): after a start it starts every reverse table's stream at once (not
 * only at the table's next pass, so edits are written back within seconds from the start), stops them while the
 * sync is paused and starts them again on resume, and restarts a failed one (see {@link ReverseStreams}).
 */
@ApplicationScoped
public class ReverseSupervisor {

    private static final Logger LOG = Logger.getLogger(ReverseSupervisor.class);

    private final ReverseStreams streams;
    private final ReverseTables tables;
    private final ReverseCapture capture;
    private final ControlService state;
    private final TableCatalog catalog;
    private boolean adopted;

    ReverseSupervisor(ReverseStreams streams, ReverseTables tables, ReverseCapture capture, ControlService state,
            TableCatalog catalog) {
        this.streams = streams;
        this.tables = tables;
        this.capture = capture;
        this.state = state;
        this.catalog = catalog;
    }

    @Scheduled(identity = "reverse-stream-supervisor", every = "${SYNC_CDC_SUPERVISE_EVERY:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (tables.tables().isEmpty() || !capture.streaming()) {
                return;
            }
            if (!adopted) {
                adopted = adopt();
            }
            if (streams.active()) {
                streams.supervise(state.state().paused());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Supervision of the MongoDB change streams failed (next tick tries again): %s", e.getMessage());
        }
    }

    /** Registers every reverse table for streaming; false while the tables are not discovered yet (MySQL down). */
    private boolean adopt() {
        List<TableContext> found = tables.tables().stream().map(catalog::table).flatMap(Optional::stream).toList();
        found.forEach(streams::adopt);
        return found.size() == tables.tables().size();
    }
}
