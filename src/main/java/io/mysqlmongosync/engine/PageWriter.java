package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.DocumentBuilder.Built;
import io.mysqlmongosync.engine.port.DocumentSink;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.Violation;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.metrics.SyncMetrics.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes one batch of a table: builds its documents ({@link DocumentBuilder}), logs and counts the rows it
 * rejects, refreshes the copies embedded elsewhere, writes the rest through the {@link DocumentSink} and counts
 * every row read exactly once: {@code read = created + updated + unchanged + deleted + skipped + conflict}.
 */
@ApplicationScoped
class PageWriter {

    private static final Logger LOG = Logger.getLogger(PageWriter.class);

    private final DocumentSink sink;
    private final DocumentBuilders builders;
    private final Embedder embedder;
    private final SyncMetrics metrics;

    PageWriter(DocumentSink sink, DocumentBuilders builders, Embedder embedder, SyncMetrics metrics) {
        this.sink = sink;
        this.builders = builders;
        this.embedder = embedder;
        this.metrics = metrics;
    }

    /** What one batch becomes: documents to write, ids to delete, the newest change written and rows to skip. */
    private static final class Sorted {
        final List<TargetDocument> docs;
        final List<Object> deletes = new ArrayList<>(0);
        long newest;
        long rejected;
        long rejectedAgain;

        Sorted(int size) {
            docs = new ArrayList<>(size);
        }
    }

    /**
     * Writes {@code batch} of {@code table} into {@code counts}; rows with a version at or below
     * {@code reportedUpTo} were reported by an earlier pass and are counted as re-read.
     */
    void write(TableContext table, DocumentBuilder builder, ChangeBatch batch, WriteMode mode, long reportedUpTo,
            Counts counts) throws Exception {
        String name = table.name();
        Sorted sorted = new Sorted(batch.upserts().size());
        counts.read += batch.size();
        countRejected(name, batch.rejected(), reportedUpTo, sorted, counts);
        List<Built> built = builder.build(batch.upserts(), new Date());
        for (int i = 0; i < built.size(); i++) {
            sort(name, batch.upserts().get(i), built.get(i), reportedUpTo, sorted, counts);
        }
        sorted.deletes.addAll(batch.deletes());
        counts.skipped += sorted.rejected;
        counts.unchanged += sorted.rejectedAgain;
        metrics.rows(name, Outcome.SKIPPED, sorted.rejected);
        if (!table.feeds().isEmpty()) {
            long refreshed = embedder.refresh(table, batch.upserts(), mode.relatedRead());
            if (!table.ownCollection()) {
                counts.updated += refreshed;
                metrics.rows(name, Outcome.UPDATED, refreshed);
                return;
            }
        }
        if (table.ownCollection()) {
            store(table, sorted, mode, counts);
        }
    }

    /** Rows the source could not convert: logged and counted the first time they are read. */
    private void countRejected(String table, List<ChangeBatch.Rejected> rejected, long reportedUpTo, Sorted sorted,
            Counts counts) {
        for (ChangeBatch.Rejected f : rejected) {
            if (f.version() > reportedUpTo || f.version() == 0) {
                LOG.warnf("Skipped row of table %s (%s): %s", table, f.key(), f.problem());
                metrics.error("conversion");
                metrics.validationFailures(table, "rejected", "conversion", 1);
                sorted.rejected++;
            } else {
                // Rejected again in the look-back window: counted as re-read and unchanged (its outcome did not
                // change), so the pass's counts still add up to the rows read.
                counts.reread++;
                sorted.rejectedAgain++;
            }
        }
    }

    /** Files one built row under documents, deletes or skipped rows, reporting its problems once. */
    private void sort(String table, SourceRow row, Built b, long reportedUpTo, Sorted sorted, Counts counts) {
        // Rows at or before the stored cursor were reported by an earlier pass (the look-back re-reads them).
        boolean report = row.version() > reportedUpTo || row.version() == 0;
        if (!report) {
            counts.reread++;
            if (b.rejected()) {
                sorted.rejectedAgain++;
            }
        } else {
            report(table, row, b, sorted, counts);
        }
        if (b.delete()) {
            sorted.deletes.add(row.id());
        } else if (b.document() != null) {
            sorted.docs.add(b.document());
            sorted.newest = Math.max(sorted.newest, row.version());
        }
    }

    private void report(String table, SourceRow row, Built b, Sorted sorted, Counts counts) {
        for (String w : row.warnings()) {
            LOG.warnf("Row of table %s (_id=%s): %s", table, row.id(), w);
        }
        long warnings = row.warnings().size();
        if (warnings > 0) { // a metrics call through the bean's client proxy for every row costs a context look-up
            metrics.validationFailures(table, "warning", "conversion", warnings);
        }
        if (!b.problems().isEmpty()) {
            String kind = b.document() == null ? "rejected" : "noted";
            LOG.warnf(b.document() == null ? "Skipped row of table %s (_id=%s): %s"
                    : "Row of table %s (_id=%s) written with a _validation note: %s", table, row.id(),
                    Violation.messages(b.problems()));
            b.problems().forEach(v -> metrics.validationFailures(table, kind, v.rule(), 1));
            if (b.document() == null) {
                sorted.rejected++;
            } else {
                warnings++;
            }
        }
        counts.warnings += warnings;
    }

    private void store(TableContext table, Sorted sorted, WriteMode mode, Counts counts) throws Exception {
        String name = table.name();
        WritePolicy policy = builders.policyFor(table);
        if (mode == WriteMode.STREAM) {
            policy = policy.inCommitOrder();
        }
        WriteOutcome out = sink.write(new DocumentSink.Destination(name, table.collection()), sorted.docs,
                sorted.deletes, mode.assumeNew() ? policy.assumingNew() : policy);
        counts.add(out);
        // The delete of a document that is already gone, and a row superseded by a later copy of the same key
        // in the page, change nothing: unchanged, so every row read is counted exactly once.
        counts.unchanged += Math.max(0, sorted.docs.size() + sorted.deletes.size()
                - (out.created() + out.updated() + out.unchanged() + out.conflict() + out.deleted()));
        metrics.rows(name, Outcome.CREATED, out.created());
        metrics.rows(name, Outcome.UPDATED, out.updated());
        metrics.rows(name, Outcome.UNCHANGED, out.unchanged());
        metrics.rows(name, Outcome.CONFLICT, out.conflict());
        metrics.rows(name, Outcome.DELETED, out.deleted());
        if (mode.measureLag() && sorted.newest > 0 && out.created() + out.updated() > 0) {
            metrics.lag(name, (System.currentTimeMillis() * 1000 - sorted.newest) / 1e6);
        }
    }
}
