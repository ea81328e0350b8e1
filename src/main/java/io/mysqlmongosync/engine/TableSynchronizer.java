package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.metrics.SyncMetrics.Outcome;
import io.mysqlmongosync.sink.DocumentCounts;
import io.mysqlmongosync.source.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Syncs one table per the correctness rules of docs/HOW-IT-WORKS.md: runs the table's
 * {@link CaptureStrategy} from its checkpoint (every batch written, then checkpointed), then, every
 * SYNC_RECONCILE_EVERY_RUNS passes, when asked, and after every reload into a collection that already held documents
 * (a forced full sync, a re-snapshot after a lost binlog position), removes the documents of rows hard-deleted in
 * MySQL: a reload writes every row there is, so without that the documents of rows deleted meanwhile would stay.
 */
@ApplicationScoped
public class TableSynchronizer {

    private static final Logger LOG = Logger.getLogger(TableSynchronizer.class);

    private final Checkpoints checkpoints;
    private final DatabaseClock clock;
    private final SyncConfig config;
    private final SyncMetrics metrics;
    private final Reconciler reconciler;
    private final Embedder embedder;
    private final TableCatalog catalog;
    private final CaptureModes captureModes;
    private final jakarta.enterprise.inject.Instance<BeforeCapture> beforeCapture;
    private final DocumentCounts documents;

    TableSynchronizer(Checkpoints checkpoints, DatabaseClock clock, SyncConfig config, SyncMetrics metrics,
            Reconciler reconciler, Embedder embedder, TableCatalog catalog, CaptureModes captureModes,
            @jakarta.enterprise.inject.Any jakarta.enterprise.inject.Instance<BeforeCapture> beforeCapture,
            DocumentCounts documents) {
        this.beforeCapture = beforeCapture;
        this.documents = documents;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
        this.reconciler = reconciler;
        this.embedder = embedder;
        this.catalog = catalog;
        this.captureModes = captureModes;
    }

    /**
     * Runs one pass over {@code table}; {@code forceFull} reloads it from scratch, {@code reconcile} also removes
     * documents whose rows were hard-deleted (done anyway every SYNC_RECONCILE_EVERY_RUNS passes).
     */
    public TableResult sync(TableContext table, boolean forceFull, boolean reconcile, TableProgress progress,
            PageListener listener) throws Exception {
        long start = System.nanoTime();
        metrics.table(table.name());
        metrics.rules(table.name(), table.mapper().mapping().rules().stream().map(r -> r.id()).toList());
        TablePass pass = new TablePass(table, new Counts(), progress, listener);
        for (BeforeCapture step : beforeCapture) {
            step.run(pass); // the reverse direction first: see BeforeCapture
        }
        TableCheckpoint cp = forceFull ? null : checkpoints.load(table.name()).orElse(null);
        if (!BinlogCapture.NAME.equals(table.captureMode()) && BinlogCapture.positionOf(cp) != null) {
            LOG.warnf("Table %s was streamed from the binlog and is polled now (%s): reloading it", table.name(),
                    table.captureMode());
            cp = null; // a binlog position says nothing about change times
        }
        boolean reloadOverDocuments = false;
        if (cp == null) {
            handOverEmbedded(table);
            reloadOverDocuments = table.ownCollection() && documents.estimated(table.collection()) > 0;
        }
        SyncMode mode = captureModes.strategy(table.captureMode()).capture(pass, cp);
        long passes = checkpoints.countPass(table.name());
        if (reconcile || reloadOverDocuments
                || (config.reconcileEveryRuns() > 0 && passes % config.reconcileEveryRuns() == 0)) {
            reconcile(table, pass.counts(), pass.fence());
        }
        metrics.pending(table.name(), 0);
        return pass.counts().result(table.name(), mode, (System.nanoTime() - start) / 1_000_000);
    }

    /** Removes the documents of hard-deleted rows and re-reads the embedded lists that held such rows. */
    private void reconcile(TableContext table, Counts counts, WriteFence fence) throws Exception {
        long removed = table.ownCollection() ? reconciler.deleteOrphans(table) : 0;
        if (removed > 0) {
            counts.hardDeleted(removed);
            metrics.rows(table.name(), Outcome.DELETED, removed);
        }
        for (Relationship r : table.feeds()) {
            if (r.many()) {
                long refreshed = embedder.refreshAll(r, fence);
                if (refreshed > 0) {
                    LOG.infof("Table %s: %d %s documents had their %s re-read (rows deleted in MySQL)", table.name(),
                            refreshed, r.parent(), r.as());
                }
            }
        }
    }

    /**
     * A table starting its first load reads the current rows of the tables it embeds, so those tables' own first
     * load would only rewrite the same copies: a table read only to be embedded, with no checkpoint yet, starts
     * incremental at the database time read now, before the load reads any of its rows.
     */
    private void handOverEmbedded(TableContext table) throws Exception {
        for (Relationship r : table.embeds()) {
            TableContext source = catalog.table(r.source()).orElse(null);
            if (source != null && !source.ownCollection() && source.schema().changeColumn().isPresent()
                    && checkpoints.load(source.name()).isEmpty()) {
                // not this pass's table: no lease of it is held here (a replica holding it has a checkpoint)
                checkpoints.save(source.name(), TableCheckpoint.initial(clock.now()).loadFinished(), WriteFence.NONE);
            }
        }
    }
}
