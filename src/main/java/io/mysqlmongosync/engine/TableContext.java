package io.mysqlmongosync.engine;

import io.mysqlmongosync.mapping.RowConverter;
import io.mysqlmongosync.mapping.strategy.SyncStrategy;
import io.mysqlmongosync.source.TableSchema;

/**
 * Everything needed to sync one table, prepared once when the table is discovered.
 *
 * @param schema the discovered table
 * @param converter its row converter
 * @param strategy its entity strategy
 * @param collection the target collection
 * @param softDeleteColumn column whose non-null, non-false value marks the row deleted, or null
 */
public record TableContext(TableSchema schema, RowConverter converter, SyncStrategy strategy, String collection,
        String softDeleteColumn) {

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
