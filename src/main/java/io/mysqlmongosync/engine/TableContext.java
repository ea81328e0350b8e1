package io.mysqlmongosync.engine;

import io.mysqlmongosync.mapping.DocumentCustomizer;
import io.mysqlmongosync.mapping.RowConverter;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.schema.TableSchema;
import java.util.List;
import org.bson.Document;

/**
 * Everything needed to sync one table, prepared once when the table is discovered.
 *
 * @param schema the discovered table
 * @param converter its row converter
 * @param customizer the application's {@code @Named("<table>")} {@link DocumentCustomizer}, or null
 * @param collection the target collection, or null when the table is only read to be embedded in other documents
 * @param softDeleteColumn column whose non-null, non-false value marks the row deleted, or null
 * @param mapper how a converted row becomes its document (mapping file: renames, computed fields, rules)
 * @param embeds relationships whose copies this table's documents hold
 * @param feeds relationships this table's rows are copied into (documents to refresh when a row changes)
 * @param captureMode the name of the table's {@link CaptureStrategy} ({@code timestamp}, {@code rescan}, ...)
 */
public record TableContext(TableSchema schema, RowConverter converter, DocumentCustomizer customizer,
        String collection, String softDeleteColumn, DocumentMapper mapper, List<Relationship> embeds,
        List<Relationship> feeds, String captureMode) {

    /** Whether the table is synced to a collection of its own (false: it is only embedded elsewhere). */
    public boolean ownCollection() {
        return collection != null;
    }

    /** Whether {@code row} (converted) is soft-deleted. */
    public boolean softDeleted(Document row) {
        if (softDeleteColumn == null) {
            return false;
        }
        Object v = row.get(softDeleteColumn);
        return v != null && !Boolean.FALSE.equals(v) && !(v instanceof Number n && n.doubleValue() == 0)
                && !(v instanceof String s && (s.isEmpty() || s.equals("0")));
    }

    /** A converted row (source column names) as its document and the rules it breaks: mapping, then customizer. */
    public DocumentMapper.Mapped map(Document row) {
        return map(row, mapper);
    }

    /** As {@link #map(Document)} with another mapping of the table (an embedded copy's). */
    public DocumentMapper.Mapped map(Document row, DocumentMapper mapping) {
        DocumentMapper.Mapped mapped = mapping.map(row);
        return customizer == null ? mapped
                : new DocumentMapper.Mapped(customizer.customize(mapped.document(), row), mapped.violations());
    }

    /**
     * What the API shows as the table's strategy: its capture mode, followed by {@code +<table>} when the
     * application customizes its documents (e.g. {@code timestamp}, {@code rescan+orders}).
     */
    public String strategyName() {
        return customizer == null ? captureMode : captureMode + "+" + name();
    }

    /** The table name. */
    public String name() {
        return schema.name();
    }
}
