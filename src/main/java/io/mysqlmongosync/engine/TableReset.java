package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The operator's reset of a table: forgets its checkpoint and its schema-drift block, so the next run reloads it in
 * full. Refused while a run or verification holds the run slot.
 */
@ApplicationScoped
public class TableReset {

    private static final Logger LOG = Logger.getLogger(TableReset.class);

    private final TableCatalog catalog;
    private final Checkpoints checkpoints;
    private final SchemaDriftDetector drift;
    private final RunSlot slot;

    TableReset(TableCatalog catalog, Checkpoints checkpoints, SchemaDriftDetector drift, RunSlot slot) {
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.drift = drift;
        this.slot = slot;
    }

    /**
     * Forgets {@code table}'s checkpoint so the next run reloads it.
     *
     * @return whether a checkpoint existed
     * @throws UnknownTableException when the table is not in SYNC_TABLES
     * @throws RunInProgressException while a run is active
     */
    public boolean reset(String table) {
        UnknownTableException.requireConfigured(catalog, table);
        slot.requireIdle();
        boolean existed = checkpoints.reset(table);
        drift.reset(table);
        LOG.infof("Checkpoint of table %s reset by operator; the next run reloads it", table);
        return existed;
    }
}
