package io.mysqlmongosync.engine;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.mapping.spec.Violation;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.source.KeyLookup;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Keeps embedded copies in step (mapping file {@code embed:}). When a parent page is written, its children (type
 * many) or referenced rows (type one) are read with one {@code WHERE key IN (...)} query per relationship and page.
 * When rows of an embedded table change, only the documents that hold them are touched: type many re-reads all
 * children of the affected parents and sets the array of those parents whose array differs; type one sets the
 * copy in every document that references the row ({@code updateMany} on the local key field, skipping documents
 * that already hold the same copy). Hard-deleted children leave their arrays on the next reconciliation pass or
 * when the parent row changes.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final DataSource dataSource;
    private final TargetDatabase target;
    private final TableCatalog catalog;
    private final FieldProtector protector;
    private final SyncMetrics metrics;
    private final Reconciler reconciler;
    private final Set<String> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Embedder(DataSource dataSource, TargetDatabase target, TableCatalog catalog, FieldProtector protector,
            SyncMetrics metrics, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.dataSource = dataSource;
        this.target = target;
        this.catalog = catalog;
        this.protector = protector;
        this.metrics = metrics;
    }

    /**
     * Puts the copies of {@code parent}'s relationships into {@code docs} (the data of the page's documents, in
     * the order of {@code rows}, which are the converted source rows).
     */
    public void fill(TableContext parent, List<SourceRow> rows, List<Document> docs) throws SQLException {
        for (Relationship r : parent.embeds()) {
            TableContext source = table(r.source());
            if (r.many()) {
                Set<Object> ids = new LinkedHashSet<>();
                rows.forEach(row -> ids.add(row.id()));
                Map<Object, List<Document>> children = children(r, source, ids);
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
                Map<Object, Document> referenced = referenced(r, source, keys);
                for (int i = 0; i < rows.size(); i++) {
                    Object k = rows.get(i).document().get(r.localKey());
                    docs.get(i).put(r.as(), k == null ? null : referenced.get(key(k)));
                }
            }
        }
    }

    /**
     * Refreshes the copies of {@code rows} (rows of {@code source} read by a pass) in the documents that hold them;
     * returns how many documents changed.
     */
    public long refresh(TableContext source, List<SourceRow> rows) throws SQLException {
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
                changed += refreshParents(r, source, parents);
            } else {
                changed += fanOut(r, source, rows);
            }
        }
        return changed;
    }

    /**
     * Re-reads the children of every document of {@code r}'s parent collection, one chunk of ids at a time: the
     * reconciliation that removes hard-deleted children. Returns how many documents changed.
     */
    public long refreshAll(Relationship r) throws SQLException {
        TableContext source = table(r.source());
        long[] changed = {0};
        reconciler.forEachIdChunk(table(r.parent()).collection(), Filters.eq("_sync.table", r.parent()),
                ids -> changed[0] += refreshParents(r, source, ids));
        return changed[0];
    }

    private long refreshParents(Relationship r, TableContext source, Collection<Object> parentIds) throws SQLException {
        if (parentIds.isEmpty()) {
            return 0;
        }
        TableContext parent = table(r.parent());
        Map<Object, List<Document>> children = children(r, source, parentIds);
        MongoCollection<Document> coll = target.collection(parent.collection());
        List<WriteModel<Document>> writes = new ArrayList<>();
        Date now = new Date();
        for (Document stored : coll.find(Filters.in("_id", new ArrayList<>(parentIds)))) {
            List<Document> items = children.getOrDefault(key(stored.get("_id")), List.of());
            if (stored.containsKey(r.as()) && Objects.equals(stored.get(r.as()), items)) {
                continue;
            }
            stored.put(r.as(), items);
            String hash = ContentHash.of(Verifier.dataOf(stored));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", stored.get("_id")), Updates.combine(
                    Updates.set(r.as(), items), Updates.set("_sync.hash", hash), Updates.set("_sync.synced_at", now))));
        }
        if (!writes.isEmpty()) {
            coll.bulkWrite(writes, UNORDERED);
        }
        return writes.size();
    }

    private long fanOut(Relationship r, TableContext source, List<SourceRow> rows) {
        TableContext parent = table(r.parent());
        ensureIndex(parent.collection(), r.localField());
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (SourceRow row : rows) {
            Object key = row.document().get(r.key());
            if (key == null) {
                continue;
            }
            Document copy = source.softDeleted(row.document()) ? null : pick(r, source, row.document());
            // Documents that already hold this copy are left alone; the others get it and lose their stale hash
            // (the next write of the parent row re-computes it; verification hashes stored values anyway).
            writes.add(new UpdateManyModel<>(Filters.and(Filters.eq(r.localField(), key), Filters.ne(r.as(), copy)),
                    Updates.combine(Updates.set(r.as(), copy), Updates.unset("_sync.hash"))));
        }
        if (writes.isEmpty()) {
            return 0;
        }
        return target.collection(parent.collection()).bulkWrite(writes, UNORDERED).getModifiedCount();
    }

    /** The children of {@code parentIds}, grouped by parent key, each list in the child table's key order. */
    private Map<Object, List<Document>> children(Relationship r, TableContext source, Collection<Object> parentIds)
            throws SQLException {
        Map<Object, List<Document>> out = new HashMap<>();
        if (parentIds.isEmpty()) {
            return out;
        }
        StringJoiner order = new StringJoiner(", ");
        source.schema().primaryKey().forEach(c -> order.add(KeysetQuery.quote(c.name())));
        String sql = KeysetQuery.selectAll(source.schema()) + " WHERE " + KeysetQuery.quote(r.foreignKey()) + " IN ("
                + String.join(", ", java.util.Collections.nCopies(parentIds.size(), "?")) + ") ORDER BY " + order;
        DocumentMapper mapper = r.mapper();
        for (SourceRow row : query(source, sql, parentIds)) {
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
    private Map<Object, Document> referenced(Relationship r, TableContext source, Collection<Object> keys)
            throws SQLException {
        Map<Object, Document> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        String sql = KeysetQuery.selectAll(source.schema()) + " WHERE " + KeysetQuery.quote(r.key()) + " IN ("
                + String.join(", ", java.util.Collections.nCopies(keys.size(), "?")) + ")";
        for (SourceRow row : query(source, sql, keys)) {
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

    private List<SourceRow> query(TableContext source, String sql, Collection<Object> values) throws SQLException {
        List<SourceRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object v : values) {
                KeyLookup.bind(ps, i++, v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        rows.add(source.converter().convert(rs));
                    } catch (ConversionException | ArithmeticException | java.time.DateTimeException e) {
                        // One unconvertible child row (e.g. an invalid date stored with ALLOW_INVALID_DATES) is left
                        // out and counted, like a row of a page; the documents embedding it are still written.
                        LOG.warnf("Skipped row of table %s while embedding it: %s", source.name(), e.getMessage());
                        metrics.error("conversion");
                        metrics.validationFailures(source.name(), "rejected", "conversion", 1);
                    }
                }
            }
        }
        return rows;
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

    /**
     * Every change of a referenced row finds its documents by the local-key field: without an index each one would
     * scan the collection. Created once per collection and field (idempotent in MongoDB); a user without the
     * createIndex privilege gets a warning naming the index to create, and the fan-out still works.
     */
    private void ensureIndex(String collection, String field) {
        if (!indexed.add(collection + "." + field)) {
            return;
        }
        try {
            target.collection(collection).createIndex(com.mongodb.client.model.Indexes.ascending(field));
        } catch (RuntimeException e) {
            LOG.warnf("Could not create the index {%s: 1} on %s (%s); copies of embedded rows are found by that field. "
                    + "Create it: db.%s.createIndex({%s: 1})", field, collection, e.getMessage(), collection, field);
        }
    }

    private TableContext table(String name) {
        return catalog.table(name).orElseThrow(() -> new IllegalStateException("table " + name + " is not prepared"));
    }
}
