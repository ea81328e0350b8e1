package io.mysqlmongosync.engine;

import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.sink.StoredDocuments;
import io.mysqlmongosync.source.SampleReader;
import io.mysqlmongosync.source.SampleReader.SampleRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * The first rows of a table by primary key next to the documents they became, so an operator can see the mapping of
 * real data at a glance. Columns protected by SYNC_PROTECT_&lt;TABLE&gt; are not shown in clear.
 */
@ApplicationScoped
public class TableSampler {

    private final TableCatalog catalog;
    private final SampleReader reader;
    private final StoredDocuments documents;
    private final FieldProtector protector;

    TableSampler(TableCatalog catalog, SampleReader reader, StoredDocuments documents, FieldProtector protector) {
        this.catalog = catalog;
        this.reader = reader;
        this.documents = documents;
        this.protector = protector;
    }

    /**
     * One sampled row.
     *
     * @param key the primary key value, or column → value for a composite key
     * @param sourceRow column → value as {@link SampleReader} shows it, protected columns replaced by a marker
     * @param problem why the row cannot be converted (the sync skips it as well), or null
     * @param document the stored document, or null when it is not in MongoDB (yet)
     */
    public record TableSample(Object key, Map<String, Object> sourceRow, String problem, Document document) {
    }

    /** Throws {@link UnknownTableException} unless {@code table} is in SYNC_TABLES. */
    public void requireConfigured(String table) {
        UnknownTableException.requireConfigured(catalog, table);
    }

    /**
     * The first {@code limit} rows of {@code table}.
     *
     * @throws UnknownTableException when the table is not in SYNC_TABLES
     */
    public List<TableSample> sample(String table, int limit) throws SQLException {
        UnknownTableException.requireConfigured(catalog, table);
        TableContext t = catalog.tables().get(table);
        List<SampleRow> rows = reader.firstRows(t.schema(), t.converter(), limit);
        List<Object> ids = new ArrayList<>(rows.size());
        List<Object> keys = new ArrayList<>(rows.size());
        for (SampleRow row : rows) {
            keys.add(key(t, row.columns())); // before hiding: the key is shown as it is
            if (row.converted() != null) {
                hideProtected(table, row.columns(), row.converted().document());
            }
            ids.add(row.converted() == null ? null : row.converted().id());
        }
        List<Object> lookup = ids.stream().filter(Objects::nonNull).toList();
        Map<Object, Document> stored = t.ownCollection() ? documents.byIds(t.collection(), lookup) : Map.of();
        List<TableSample> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            SampleRow row = rows.get(i);
            out.add(new TableSample(keys.get(i), row.columns(), row.problem(),
                    ids.get(i) == null ? null : stored.get(ids.get(i))));
        }
        return out;
    }

    private static Object key(TableContext t, Map<String, Object> row) {
        List<ColumnInfo> pk = t.schema().primaryKey();
        if (pk.size() == 1) {
            return row.get(pk.get(0).name());
        }
        Map<String, Object> key = new LinkedHashMap<>();
        pk.forEach(k -> key.put(k.name(), row.get(k.name())));
        return key;
    }

    /**
     * A column protected by SYNC_PROTECT_&lt;TABLE&gt; (masked, hashed, encrypted or dropped in MongoDB) must not
     * show its clear value here either: it is replaced by a marker (the document shows the stored form).
     */
    private void hideProtected(String table, Map<String, Object> row, Document converted) {
        if (!protector.protects(table)) {
            return;
        }
        Document before = new Document(converted);
        Document after = protector.protect(table, converted);
        for (String column : row.keySet()) {
            Object was = before.get(column);
            if (was != null && (!after.containsKey(column) || !Objects.equals(was, after.get(column)))) {
                row.put(column, "(protected)");
            }
        }
    }
}
