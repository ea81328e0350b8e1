package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.mapping.strategy.SyncStrategy;
import io.mysqlmongosync.schema.TableSchema;

/**
 * Everything needed to sync one table, prepared once when the table is discovered.
 *
 * @param schema the discovered table
 * @param converter its row converter
 * @param strategy its entity strategy
 * @param collection the target collection, or null when the table is only read to be embedded in other documents
 * @param softDeleteColumn column whose non-null, non-false value marks the row deleted, or null
 * @param mapper how a converted row becomes its document (mapping file: renames, computed fields, rules)
 * @param embeds relationships whose copies this table's documents hold
 * @param feeds relationships this table's rows are copied into (documents to refresh when a row changes)
 */
public record TableContext(TableSchema schema, RowConverter converter, SyncStrategy strategy, String collection,
        String softDeleteColumn, DocumentMapper mapper, java.util.List<Relationship> embeds,
        java.util.List<Relationship> feeds) {

    /** Whether the table is synced to a collection of its own (false: it is only embedded elsewhere). */
    public boolean ownCollection() {
        return collection != null;
    }

    /** Whether {@code row} (converted) is soft-deleted. */
    public boolean softDeleted(org.bson.Document row) {
        if (softDeleteColumn == null) {
            return false;
        }
        Object v = row.get(softDeleteColumn);
        return v != null && !Boolean.FALSE.equals(v) && !(v instanceof Number n && n.doubleValue() == 0)
                && !(v instanceof String s && (s.isEmpty() || s.equals("0")));
    }

    /** The table name. */
    public String name() {
        return schema.name();
    }
}
