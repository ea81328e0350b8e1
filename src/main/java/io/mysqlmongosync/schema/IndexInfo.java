package io.mysqlmongosync.schema;

import java.util.List;

/**
 * An index of a source table.
 *
 * @param name index name ({@code PRIMARY} for the primary key)
 * @param unique whether the index is unique
 * @param columns indexed columns in index order
 */
public record IndexInfo(String name, boolean unique, List<String> columns) {
}
