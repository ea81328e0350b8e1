package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.DocumentBuilder.Built;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WriteOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Proves that a collection equals its table. Pass 1 walks the table in key order, one page at a time, turns each
 * row into the document the sync would write and compares its content hash with the hash of the document
 * actually stored (computed from the stored values, so a changed Decimal128 is seen even though
 * {@code _sync.hash} was not touched). Pass 2 walks the collection in {@code _id} order and asks MySQL which keys
 * still exist. Memory is one page. With {@code repair}, each page's differences are fixed as they are found.
 */
@ApplicationScoped
public class Verifier {

    private final Scans scans;
    private final BulkUpserter writer;
    private final DocumentBuilders builders;
    private final Reconciler reconciler;
    private final SyncedDocuments documents;

    Verifier(Scans scans, BulkUpserter writer, DocumentBuilders builders, Reconciler reconciler,
            SyncedDocuments documents) {
        this.scans = scans;
        this.writer = writer;
        this.builders = builders;
        this.reconciler = reconciler;
        this.documents = documents;
    }

    /**
     * Compares {@code table} with its collection into {@code result}; repairs what differs when asked. Returns
     * null, or why extra documents could not be checked (a key that cannot be looked up: {@link Reconciler#problem}).
     */
    public String verify(TableContext table, boolean repair, TableVerification result) throws Exception {
        return verify(table, repair, result, PageListener.NONE);
    }

    /**
     * As {@link #verify(TableContext, boolean, TableVerification)}, telling {@code listener} after every page (a
     * repair holding the table's lease renews it there, as a sync pass does).
     */
    public String verify(TableContext table, boolean repair, TableVerification result, PageListener listener)
            throws Exception {
        String coll = table.collection();
        DocumentBuilder builder = builders.forTable(table);
        ScanLoop.run(scans.verification(table),
                (batch, fence) -> comparePage(table, builder, coll, batch, repair, result, fence),
                ScanLoop.PositionSaver.NONE, listener, ScanLoop.AfterBatch.NONE, () -> false);
        long extra = reconciler.scan(table, false, gone -> {
            gone.forEach(result::extra);
            if (repair) {
                result.repaired(documents.delete(coll, gone));
            }
        });
        return extra < 0 ? "extra documents not checked: " + reconciler.problem(table).orElse("key not looked up")
                : null;
    }

    /**
     * Where a bounded repair ({@link #repairChunk}) stopped.
     *
     * @param rowsAfter the last key compared, or null when the row walk reached the end of the table
     * @param docsAfter the last {@code _id} checked for a row, or null when the document walk reached the end
     * @param unchecked why extra documents could not be checked, or null
     */
    public record Chunk(Object[] rowsAfter, Object docsAfter, String unchecked) {
    }

    /**
     * Repairs the next chunk of {@code table}: compares about {@code budget} rows after the key {@code rowsAfter}
     * (whole pages, so up to a page more) and rewrites those that differ, then checks up to {@code budget} documents
     * the sync wrote for the table ({@code _sync.table}: an unattended repair leaves documents written by others
     * alone) after {@code docsAfter} for rows that no longer exist and deletes those. The two walks resume independently;
     * each starts again at the beginning once it reached the end.
     */
    public Chunk repairChunk(TableContext table, TableVerification result, PageListener listener, Object[] rowsAfter,
            Object docsAfter, long budget) throws Exception {
        String coll = table.collection();
        DocumentBuilder builder = builders.forTable(table);
        long[] compared = {0};
        Object[][] last = {rowsAfter};
        boolean end = ScanLoop.run(scans.verification(table, rowsAfter), (batch, fence) -> {
            comparePage(table, builder, coll, batch, true, result, fence);
            compared[0] += batch.size();
            last[0] = batch.after();
        }, ScanLoop.PositionSaver.NONE, listener, ScanLoop.AfterBatch.NONE, () -> compared[0] >= budget);
        Object[] nextRows = end ? null : last[0];
        java.util.Optional<String> problem = reconciler.problem(table);
        if (problem.isPresent()) {
            return new Chunk(nextRows, null, "extra documents not checked: " + problem.get());
        }
        Object after = docsAfter;
        long walked = 0;
        int chunk = Math.max(1, (int) Math.min(budget, scans.batchSize()));
        while (walked < budget) {
            List<Object> ids = documents.idsAfter(coll, table.name(), after, chunk);
            if (ids.isEmpty()) {
                return new Chunk(nextRows, null, null);
            }
            listener.beforeWrite();
            List<Object> gone = reconciler.gone(table, ids);
            gone.forEach(result::extra);
            if (!gone.isEmpty()) {
                result.repaired(documents.delete(coll, gone));
            }
            walked += ids.size();
            after = ids.get(ids.size() - 1);
            if (ids.size() < chunk) {
                return new Chunk(nextRows, null, null);
            }
        }
        return new Chunk(nextRows, after, null);
    }

    private void comparePage(TableContext table, DocumentBuilder builder, String coll,
            ChangeBatch page, boolean repair, TableVerification result, WriteFence fence) throws Exception {
        result.skipped(page.rejected().size());
        Map<Object, TargetDocument> expected = new HashMap<>();
        List<Object> expectedAbsent = new ArrayList<>(0);
        List<Built> prepared = builder.build(page.upserts(), new Date());
        for (int i = 0; i < prepared.size(); i++) {
            SourceRow row = page.upserts().get(i);
            Built p = prepared.get(i);
            if (p.delete()) {
                expectedAbsent.add(row.id());
            } else if (p.document() == null || p.document().exceeds(TargetDocument.MAX_BSON_BYTES)) {
                result.skipped(1); // rejected or too large: a dead letter of the sync, never written by a repair
            } else {
                expected.put(row.id(), p.document());
            }
        }
        List<Object> ids = new ArrayList<>(expected.keySet());
        ids.addAll(expectedAbsent);
        Map<Object, Document> stored = documents.byIds(coll, ids);
        List<TargetDocument> fix = new ArrayList<>();
        List<Object> remove = new ArrayList<>();
        long matching = 0;
        for (Map.Entry<Object, TargetDocument> e : expected.entrySet()) {
            Document actual = stored.get(e.getKey());
            if (actual == null) {
                result.missing(e.getKey());
                fix.add(e.getValue());
            } else if (!e.getValue().hash().equals(ContentHash.of(SyncedDocuments.dataOf(actual)))) {
                result.different(e.getKey());
                fix.add(e.getValue());
            } else {
                matching++;
            }
        }
        for (Object id : expectedAbsent) {
            if (stored.containsKey(id)) {
                result.different(id);
                remove.add(id);
            } else {
                matching++;
            }
        }
        result.matching(matching);
        if (repair && (!fix.isEmpty() || !remove.isEmpty())) {
            WriteOutcome out = writer.write(table.collection(), fix, remove, builders.policyFor(table).forced(), fence);
            result.repaired(out.created() + out.updated() + out.deleted());
        }
    }
}
