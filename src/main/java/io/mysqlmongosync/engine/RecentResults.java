package io.mysqlmongosync.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The latest results this replica knows: its last finished run, and each table's latest pass, kept across runs that
 * did not include the table (after a restart, read once from the run history).
 */
@ApplicationScoped
public class RecentResults {

    private static final Logger LOG = Logger.getLogger(RecentResults.class);

    private final RunHistory history;
    private final Map<String, SyncController.LastTableResult> byTable = new ConcurrentHashMap<>();
    private volatile RunResult last;
    private volatile boolean historyRead;

    RecentResults(RunHistory history) {
        this.history = history;
    }

    /** The last finished run of this replica, or null. */
    public RunResult lastRun() {
        return last;
    }

    /**
     * Each table's latest result: of this replica's runs, else (after a restart) of the recent run history; a
     * table not run recently is absent.
     */
    public Map<String, SyncController.LastTableResult> byTable() {
        if (!historyRead) {
            try {
                history.lastTableResults(50).forEach(byTable::putIfAbsent);
                historyRead = true;
            } catch (RuntimeException e) {
                LOG.debugf("Last table results not read from the run history (tried again later): %s", e.getMessage());
            }
        }
        return Map.copyOf(byTable);
    }

    /** Remembers one table's pass that ran outside a run (a re-snapshot, under its own id). */
    void tableFinished(String id, java.time.Instant finishedAt, TableResult result) {
        byTable.put(result.table(), new SyncController.LastTableResult(id, finishedAt, result));
    }

    /** Remembers a finished run and its tables' results. */
    void finished(RunResult result) {
        last = result;
        for (TableResult t : result.tables()) {
            byTable.put(t.table(), new SyncController.LastTableResult(result.id(), result.finishedAt(), t));
        }
    }
}
