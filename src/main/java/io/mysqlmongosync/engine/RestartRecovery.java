package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Once per process, before its first scheduled run: closes the runs a dead process left {@code running} as
 * {@code abandoned}, and when one was closed or a table's initial load is unfinished, makes the next run due now
 * rather than an interval after the interrupted run started (a crashed 24 h-interval service would otherwise wait a
 * day to finish a load). The lease of a table is taken back at once because the owner identity is stable per pod.
 */
@ApplicationScoped
public class RestartRecovery {

    private static final Logger LOG = Logger.getLogger(RestartRecovery.class);

    private final RunHistory history;
    private final TableCatalog catalog;
    private final Checkpoints checkpoints;
    private final ControlService control;
    private final RunSlot slot;
    private final SyncEngine engine;
    private final SyncConfig config;
    private final Instant createdAt = Instant.now();
    private volatile boolean recovered;

    RestartRecovery(RunHistory history, TableCatalog catalog, Checkpoints checkpoints, ControlService control,
            RunSlot slot, SyncEngine engine, SyncConfig config) {
        this.history = history;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.control = control;
        this.slot = slot;
        this.engine = engine;
        this.config = config;
    }

    /** Recovers unless done already; throws while MongoDB is unreachable (the next tick tries again). */
    public void once() {
        if (!recovered) {
            recover();
            recovered = true;
        }
    }

    /** Recovers now (see the class comment). */
    void recover() {
        ActiveRun current = slot.active();
        List<String> abandoned = history.abandon(engine.owner(), createdAt, current == null ? null : current.id(),
                Instant.now().minus(Duration.ofMinutes(config.runTimeoutMinutes())));
        List<String> loading = new ArrayList<>();
        for (String table : catalog.configuredTables()) {
            if (checkpoints.load(table).map(c -> c.phase() == TableCheckpoint.Phase.INITIAL).orElse(false)) {
                loading.add(table);
            }
        }
        if (!abandoned.isEmpty()) {
            LOG.warnf("Closed %d run(s) left running by a stopped process as abandoned: %s", abandoned.size(),
                    String.join(", ", abandoned));
        }
        ControlState s = control.state();
        if ((abandoned.isEmpty() && loading.isEmpty()) || s.paused()
                || (s.nextRunAt() != null && !s.nextRunAt().isAfter(Instant.now()))) {
            return;
        }
        LOG.infof("Resuming at once after a restart (%s), not at the stored next run time %s",
                loading.isEmpty() ? "interrupted run" : "unfinished initial load of " + String.join(", ", loading),
                s.nextRunAt());
        control.dueNow();
    }
}
