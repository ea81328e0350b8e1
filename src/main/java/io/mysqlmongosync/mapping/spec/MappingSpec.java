package io.mysqlmongosync.mapping.spec;

import java.util.List;
import java.util.Optional;

/**
 * A parsed mapping file, before it is checked against the discovered tables.
 *
 * @param file the file name used in messages ({@code built-in default} for the shipped default)
 * @param collections the collections, in file order
 * @param builtIn true for the shipped default: rules on columns a table does not have are ignored instead of
 *     refused, and tables that are not synced are not required to exist
 */
public record MappingSpec(String file, List<CollectionSpec> collections, boolean builtIn) {

    /** The collection fed by {@code table}, if the mapping has one. */
    public Optional<CollectionSpec> forTable(String table) {
        return collections.stream().filter(c -> c.table().equals(table)).findFirst();
    }
}
