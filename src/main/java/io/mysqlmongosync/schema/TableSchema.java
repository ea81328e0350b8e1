package io.mysqlmongosync.schema;

import java.util.List;
import java.util.Optional;

/**
 * What schema discovery knows about one table.
 *
 * @param name table name
 * @param columns all columns in ordinal order
 * @param primaryKey primary-key columns in key order (never empty)
 * @param changeColumn column whose value moves forward on every change, if the table has one
 * @param createdColumn column scanned for rows whose change column no cursor reaches (NULL or a zero date), if any
 * @param indexes all indexes
 * @param estimatedRows information_schema's row estimate (for progress only)
 */
public record TableSchema(String name, List<ColumnInfo> columns, List<ColumnInfo> primaryKey,
        Optional<ColumnInfo> changeColumn, Optional<ColumnInfo> createdColumn, List<IndexInfo> indexes,
        long estimatedRows) {

    /** Whether some index starts with {@code column}, so range scans on it can use the index. */
    public boolean hasIndexLeadingWith(String column) {
        return indexes.stream().anyMatch(i -> !i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(column));
    }

    /** The column named {@code name}, if present. */
    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Whether the primary key has more than one column. */
    public boolean compositeKey() {
        return primaryKey.size() > 1;
    }
}
