package io.mysqlmongosync.mapping.spec;

import java.util.List;

/**
 * A checked embedding between two tables.
 *
 * @param kind MANY: rows of {@code source} as an array in {@code parent}'s documents; ONE: one row of {@code source}
 *     as a sub-document
 * @param parent the table whose documents hold the copy
 * @param source the table whose rows are copied
 * @param as the field holding the copy
 * @param key MANY: the parent's primary-key column (the documents' {@code _id}); ONE: the source's primary-key column
 * @param foreignKey MANY: the source column holding the parent key
 * @param localKey ONE: the parent column holding the source key
 * @param localField ONE: the parent document field of {@code localKey} (after renames), used to find the documents
 *     to refresh when a source row changes
 * @param fields ONE: the source columns copied
 * @param mapper MANY: how source rows become array elements
 * @param line where the relationship is written in the mapping file
 */
public record Relationship(EmbedSpec.Kind kind, String parent, String source, String as, String key, String foreignKey,
        String localKey, String localField, List<String> fields, DocumentMapper mapper, int line) {

    /** Whether the source rows become an array. */
    public boolean many() {
        return kind == EmbedSpec.Kind.MANY;
    }
}
