package io.mysqlmongosync.mapping.spec;

import java.util.List;

/**
 * One collection of the mapping file.
 *
 * @param collection the collection name (the key in the file)
 * @param table the source table
 * @param fields how the table's columns become fields
 * @param embeds the relationships copied into each document
 * @param line where the collection starts in the file (0 for the built-in mapping)
 */
public record CollectionSpec(String collection, String table, FieldMapping fields, List<EmbedSpec> embeds, int line) {
}
