package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.DeadLetters;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.DocumentBuilder.Built;
import io.mysqlmongosync.engine.port.DocumentSink;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.mapping.KeyText;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.mapping.spec.Violation;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.metrics.SyncMetrics.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes one batch of a table: builds its documents ({@link DocumentBuilder}), logs and counts the rows it
 * rejects, refreshes the copies embedded elsewhere, writes the rest through the {@link DocumentSink} and counts
 * every row read exactly once: {@code read = created + updated + unchanged + deleted + skipped + conflict}.
 *
 * <p>A row that cannot become a document never stops its table: one whose value cannot be converted, which its
 * validation rules reject, or whose document is larger than MongoDB stores ({@link TargetDocument#MAX_BSON_BYTES},
 * checked here because the driver refuses such a document client-side together with the whole bulk write it is
 * part of) is skipped, logged with its table and key, counted and recorded in the {@link DeadLetters} once the rest
 * of the batch is written. A row written later removes its entry. The same path serves loads, incremental scans
 * and the binlog stream.
 */
@ApplicationScoped
class PageWriter {

    private static final Logger LOG = Logger.getLogger(PageWriter.class);

    private final DocumentSink sink;
    private final DocumentBuilders builders;
    private final Embedder embedder;
    private final SyncMetrics metrics;
    private final DeadLetters deadLetters;

    PageWriter(DocumentSink sink, DocumentBuilders builders, Embedder embedder, SyncMetrics metrics,
            DeadLetters deadLetters) {
        this.sink = sink;
        this.builders = builders;
        this.embedder = embedder;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /** What one batch becomes: documents to write, ids to delete, the newest change written and rows to skip. */
    private static final class Sorted {
        final List<TargetDocument> docs;
        final List<Object> deletes = new ArrayList<>(0);
        /** Rows skipped this time (not those skipped again in a look-back), recorded once the batch is written. */
        final List<DeadLetters.Letter> letters = new ArrayList<>(0);
        long newest;
        long rejected;
        long rejectedAgain;

        Sorted(int size) {
            docs = new ArrayList<>(size);
        }
    }

    /**
     * Writes {@code batch} of {@code table} into {@code counts}; rows with a version at or below
     * {@code reportedUpTo} were reported by an earlier pass and are counted as re-read. Every write it sends runs
     * {@code fence}'s lease check first.
     */
    void write(TableContext table, DocumentBuilder builder, ChangeBatch batch, WriteMode mode, long reportedUpTo,
            Counts counts, WriteFence fence) throws Exception {
        String name = table.name();
        Sorted sorted = new Sorted(batch.upserts().size());
        counts.read += batch.size();
        countRejected(name, batch.rejected(), reportedUpTo, sorted, counts);
        List<Built> built = builder.build(batch.upserts(), new Date());
        for (int i = 0; i < built.size(); i++) {
            sort(table, batch.upserts().get(i), built.get(i), reportedUpTo, sorted, counts);
        }
        sorted.deletes.addAll(batch.deletes());
        counts.skipped += sorted.rejected;
        counts.unchanged += sorted.rejectedAgain;
        metrics.rows(name, Outcome.SKIPPED, sorted.rejected);
        if (!table.feeds().isEmpty()) {
            long refreshed = embedder.refresh(table, batch.upserts(), mode.relatedRead(), fence);
            if (!table.ownCollection()) {
                counts.updated += refreshed;
                metrics.rows(name, Outcome.UPDATED, refreshed);
                settle(table, sorted, mode);
                return;
            }
        }
        if (table.ownCollection()) {
            store(table, sorted, mode, counts, fence);
        }
        settle(table, sorted, mode);
    }

    /**
     * After the batch is written: removes the dead letters of rows written now (only looked for when the table has
     * any), then records the rows skipped now, so that the later of two states of one key in a batch wins.
     */
    private void settle(TableContext table, Sorted sorted, WriteMode mode) {
        String name = table.name();
        if ((!sorted.docs.isEmpty() || !sorted.deletes.isEmpty()) && deadLetters.any(name)) {
            List<String> keyNames = keyNames(table);
            Set<String> keys = new HashSet<>();
            sorted.docs.forEach(d -> keys.add(KeyText.ofId(keyNames, d.id())));
            sorted.deletes.forEach(id -> keys.add(KeyText.ofId(keyNames, id)));
            long resolved = deadLetters.resolve(name, keys);
            if (resolved > 0) {
                LOG.infof("Table %s: %d row(s) recorded as dead letters written now; their entries are removed",
                        name, resolved);
            }
        }
        if (!sorted.letters.isEmpty()) {
            deadLetters.record(name, mode.label(), sorted.letters);
            for (DeadLetters.Letter l : sorted.letters) {
                metrics.deadLetters(name, l.reason(), 1);
            }
        }
    }

    private static List<String> keyNames(TableContext table) {
        return table.schema().primaryKey().stream().map(ColumnInfo::name).toList();
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
                sorted.letters.add(new DeadLetters.Letter(f.key(), DeadLetters.CONVERSION, f.problem(), null));
            } else {
                // Rejected again in the look-back window: counted as re-read and unchanged (its outcome did not
                // change), so the pass's counts still add up to the rows read.
                counts.reread++;
                sorted.rejectedAgain++;
            }
        }
    }

    /** Files one built row under documents, deletes or skipped rows, reporting its problems once. */
    private void sort(TableContext table, SourceRow row, Built b, long reportedUpTo, Sorted sorted, Counts counts) {
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
        } else if (b.document() != null && b.document().exceeds(TargetDocument.MAX_BSON_BYTES)) {
            tooLarge(table, row, b.document(), report, sorted);
        } else if (b.document() != null) {
            sorted.docs.add(b.document());
            sorted.newest = Math.max(sorted.newest, row.version());
        }
    }

    /** A document MongoDB would refuse: the row is skipped like a rejected one (reported the first time it is read). */
    private void tooLarge(TableContext table, SourceRow row, TargetDocument doc, boolean report, Sorted sorted) {
        if (!report) {
            sorted.rejectedAgain++;
            return;
        }
        String key = KeyText.ofId(keyNames(table), row.id());
        String problem = "its document is " + doc.bsonSize() + " bytes of BSON, more than MongoDB stores ("
                + TargetDocument.MAX_BSON_BYTES + " bytes)";
        LOG.warnf("Skipped row of table %s (%s): %s", table.name(), key, problem);
        metrics.validationFailures(table.name(), "rejected", DeadLetters.TOO_LARGE, 1);
        sorted.rejected++;
        sorted.letters.add(new DeadLetters.Letter(key, DeadLetters.TOO_LARGE, problem, row.id()));
    }

    private void report(TableContext context, SourceRow row, Built b, Sorted sorted, Counts counts) {
        String table = context.name();
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
                sorted.letters.add(new DeadLetters.Letter(KeyText.ofId(keyNames(context), row.id()),
                        DeadLetters.VALIDATION, Violation.messages(b.problems()), row.id()));
            } else {
                warnings++;
            }
        }
        counts.warnings += warnings;
    }

    private void store(TableContext table, Sorted sorted, WriteMode mode, Counts counts, WriteFence fence)
            throws Exception {
        String name = table.name();
        WritePolicy policy = builders.policyFor(table);
        if (mode == WriteMode.STREAM) {
            policy = policy.inCommitOrder();
        }
        WriteOutcome out = sink.write(new DocumentSink.Destination(name, table.collection()), sorted.docs,
                sorted.deletes, mode.assumeNew() ? policy.assumingNew() : policy, fence);
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
