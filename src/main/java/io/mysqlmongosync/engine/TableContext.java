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
 */
public record TableContext(TableSchema schema, RowConverter converter, SyncStrategy strategy, String collection) {

    /** The table name. */
    public String name() {
        return schema.name();
    }
}
