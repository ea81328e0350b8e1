package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.mapping.spec.Violation;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.sink.EmbeddedCopies;
import io.mysqlmongosync.source.RelatedRows;
import io.mysqlmongosync.source.RelatedRows.Read;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Keeps embedded copies in step (mapping file {@code embed:}). When a parent page is written, its children (type
 * many) or referenced rows (type one) are read with one {@code WHERE key IN (...)} query per relationship and page.
 * When rows of an embedded table change, only the documents that hold them are touched: type many re-reads all
 * children of the affected parents and sets the array of those parents whose array differs; type one sets the
 * copy in every document that references the row ({@code updateMany} on the local key field, skipping documents
 * that already hold the same copy). Hard-deleted children leave their arrays on the next reconciliation pass or
 * when the parent row changes. The rows are read by {@link RelatedRows} and the copies written by
 * {@link EmbeddedCopies}; this class decides what goes where.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class);

    private final RelatedRows related;
    private final EmbeddedCopies copies;
    private final TableCatalog catalog;
    private final FieldProtector protector;
    private final SyncMetrics metrics;
    private final Reconciler reconciler;

    Embedder(RelatedRows related, EmbeddedCopies copies, TableCatalog catalog, FieldProtector protector,
            SyncMetrics metrics, Reconciler reconciler) {
        this.related = related;
        this.copies = copies;
        this.reconciler = reconciler;
        this.catalog = catalog;
        this.protector = protector;
        this.metrics = metrics;
    }

    /**
     * Puts the copies of {@code parent}'s relationships into {@code docs} (the data of the page's documents, in
     * the order of {@code rows}, which are the converted source rows), read as {@code read} says.
     */
    public void fill(TableContext parent, List<SourceRow> rows, List<Document> docs, Read read) throws SQLException {
        for (Relationship r : parent.embeds()) {
            TableContext source = table(r.source());
            if (r.many()) {
                Set<Object> ids = new LinkedHashSet<>();
                rows.forEach(row -> ids.add(row.id()));
                Map<Object, List<Document>> children = children(r, source, ids, read);
                for (int i = 0; i < rows.size(); i++) {
                    docs.get(i).put(r.as(), children.getOrDefault(key(rows.get(i).id()), List.of()));
                }
            } else {
                Set<Object> keys = new LinkedHashSet<>();
                rows.forEach(row -> {
                    Object k = row.document().get(r.localKey());
                    if (k != null) {
                        keys.add(k);
                    }
                });
                Map<Object, Document> referenced = referenced(r, source, keys, read);
                for (int i = 0; i < rows.size(); i++) {
                    Object k = rows.get(i).document().get(r.localKey());
                    docs.get(i).put(r.as(), k == null ? null : referenced.get(key(k)));
                }
            }
        }
    }

    /**
     * Refreshes the copies of {@code rows} (rows of {@code source} read by a pass or a stream) in the documents that
     * hold them, reading their siblings as {@code read} says, written under {@code fence}; returns how many
     * documents changed.
     */
    public long refresh(TableContext source, List<SourceRow> rows, Read read, WriteFence fence) throws SQLException {
        long changed = 0;
        for (Relationship r : source.feeds()) {
            if (r.many()) {
                Set<Object> parents = new LinkedHashSet<>();
                for (SourceRow row : rows) {
                    Object fk = row.document().get(r.foreignKey());
                    if (fk != null) {
                        parents.add(fk);
                    }
                }
                changed += refreshParents(r, source, parents, read, fence);
            } else {
                changed += fanOut(r, source, rows, fence);
            }
        }
        return changed;
    }

    /**
     * Re-reads the children of every document of {@code r}'s parent collection, one chunk of ids at a time: the
     * reconciliation that removes hard-deleted children. Returns how many documents changed.
     */
    public long refreshAll(Relationship r, WriteFence fence) throws SQLException {
        TableContext source = table(r.source());
        long[] changed = {0};
        reconciler.forEachIdChunk(table(r.parent()).collection(), r.parent(),
                ids -> changed[0] += refreshParents(r, source, ids, Read.SNAPSHOT, fence));
        return changed[0];
    }

    private long refreshParents(Relationship r, TableContext source, Collection<Object> parentIds, Read read,
            WriteFence fence) throws SQLException {
        if (parentIds.isEmpty()) {
            return 0;
        }
        Map<Object, List<Document>> children = children(r, source, parentIds, read);
        return copies.replaceArrays(table(r.parent()).collection(), parentIds, r.as(),
                id -> children.getOrDefault(key(id), List.of()), fence);
    }

    private long fanOut(Relationship r, TableContext source, List<SourceRow> rows, WriteFence fence) {
        List<EmbeddedCopies.Copy> changed = new ArrayList<>();
        for (SourceRow row : rows) {
            Object key = row.document().get(r.key());
            if (key != null) {
                changed.add(new EmbeddedCopies.Copy(key,
                        source.softDeleted(row.document()) ? null : pick(r, source, row.document())));
            }
        }
        return copies.fanOut(table(r.parent()).collection(), r.localField(), r.as(), changed, fence);
    }

    /** The children of {@code parentIds}, grouped by parent key, each list in the child table's key order. */
    private Map<Object, List<Document>> children(Relationship r, TableContext source, Collection<Object> parentIds,
            Read read) throws SQLException {
        Map<Object, List<Document>> out = new HashMap<>();
        if (parentIds.isEmpty()) {
            return out;
        }
        DocumentMapper mapper = r.mapper();
        List<SourceRow> rows = related.where(source.schema(), source.converter(), r.foreignKey(), parentIds, true, read);
        for (SourceRow row : rows) {
            Document data = row.document();
            if (source.softDeleted(data)) {
                continue;
            }
            Object parentKey = key(data.get(r.foreignKey()));
            protector.protect(source.name(), data);
            DocumentMapper.Mapped m = source.map(data, mapper);
            Document element = m.document();
            if (!m.violations().isEmpty()) {
                String what = mapper.noteInvalid() ? "embedded with a _validation note" : "left out of";
                LOG.warnf("Row of table %s (_id=%s) %s %s.%s: %s", source.name(), row.id(), what, r.parent(), r.as(),
                        Violation.messages(m.violations()));
                count(source.name(), mapper.noteInvalid() ? "noted" : "rejected", m.violations());
                if (!mapper.noteInvalid()) {
                    continue;
                }
                element.put("_validation", TableDocumentBuilder.notes(m.violations()));
            }
            out.computeIfAbsent(parentKey, k -> new ArrayList<>()).add(element);
        }
        return out;
    }

    /** The copies of the referenced rows {@code keys}, by key. */
    private Map<Object, Document> referenced(Relationship r, TableContext source, Collection<Object> keys, Read read)
            throws SQLException {
        Map<Object, Document> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        for (SourceRow row : related.where(source.schema(), source.converter(), r.key(), keys, false, read)) {
            if (!source.softDeleted(row.document())) {
                out.put(key(row.document().get(r.key())), pick(r, source, row.document()));
            }
        }
        return out;
    }

    private Document pick(Relationship r, TableContext source, Document row) {
        protector.protect(source.name(), row);
        Document copy = new Document();
        for (String f : r.fields()) {
            if (row.containsKey(f)) {
                copy.put(f, row.get(f));
            }
        }
        return copy;
    }

    private void count(String table, String kind, List<Violation> violations) {
        for (Violation v : violations) {
            metrics.validationFailures(table, kind, v.rule(), 1);
        }
    }

    /** Keys compare by value whatever their integer width (an INT foreign key meets a BIGINT primary key). */
    static Object key(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }

    private TableContext table(String name) {
        return catalog.table(name).orElseThrow(() -> new IllegalStateException("table " + name + " is not prepared"));
    }
}
