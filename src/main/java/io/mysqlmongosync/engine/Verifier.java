package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetPageReader;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.Page;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.sink.TargetDocument;
import io.mysqlmongosync.sink.WriteOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
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

    private final KeysetPageReader reader;
    private final BulkUpserter writer;
    private final TableSynchronizer synchronizer;
    private final Reconciler reconciler;
    private final SyncedDocuments documents;
    private final SyncConfig config;

    Verifier(KeysetPageReader reader, BulkUpserter writer, TableSynchronizer synchronizer, Reconciler reconciler,
            SyncedDocuments documents, SyncConfig config) {
        this.reader = reader;
        this.writer = writer;
        this.synchronizer = synchronizer;
        this.reconciler = reconciler;
        this.documents = documents;
        this.config = config;
    }

    /** Compares {@code table} with its collection into {@code result}; repairs what differs when asked. */
    public void verify(TableContext table, boolean repair, TableVerification result) throws SQLException {
        String coll = table.collection();
        KeysetQuery query = KeysetQuery.byPrimaryKey(table.schema(), null);
        KeyPosition position = KeyPosition.start();
        while (true) {
            Page page = reader.read(query, table.converter(), position, null, config.batchSize());
            if (page.size() == 0) {
                break;
            }
            comparePage(table, coll, page, repair, result);
            if (page.size() < config.batchSize()) {
                break;
            }
            position = KeyPosition.after(page.lastKey());
        }
        reconciler.scan(table, false, extra -> {
            extra.forEach(result::extra);
            if (repair) {
                result.repaired(documents.delete(coll, extra));
            }
        });
    }

    private void comparePage(TableContext table, String coll, Page page, boolean repair,
            TableVerification result) throws SQLException {
        result.skipped(page.failures().size());
        Map<Object, TargetDocument> expected = new HashMap<>();
        List<Object> expectedAbsent = new ArrayList<>(0);
        List<TableSynchronizer.Prepared> prepared = synchronizer.preparePage(table, page.rows(), new Date());
        for (int i = 0; i < prepared.size(); i++) {
            SourceRow row = page.rows().get(i);
            TableSynchronizer.Prepared p = prepared.get(i);
            if (p.delete()) {
                expectedAbsent.add(row.id());
            } else if (p.document() == null) {
                result.skipped(1);
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
            WriteOutcome out = writer.write(table.collection(), fix, remove, synchronizer.policyFor(table).forced());
            result.repaired(out.created() + out.updated() + out.deleted());
        }
    }
}
