package io.mysqlmongosync.mapping.spec;

import java.util.List;

/**
 * A relationship of a collection: rows of another table copied into its documents.
 *
 * @param kind {@link Kind#MANY} (child rows as an array) or {@link Kind#ONE} (one referenced row as a sub-document)
 * @param table the other table
 * @param as the document field that holds the copy
 * @param foreignKey MANY: the column of the child table that holds the parent's key
 * @param localKey ONE: the column of the parent table that holds the referenced row's key
 * @param fields ONE: the columns of the referenced row to copy (empty: all)
 * @param mapping MANY: how child rows become array elements
 * @param line where the relationship starts in the mapping file
 */
public record EmbedSpec(Kind kind, String table, String as, String foreignKey, String localKey, List<String> fields,
        FieldMapping mapping, int line) {

    /** Embedding kinds, as written in the mapping file ({@code type: many|one}). */
    public enum Kind {
        /** Child rows (one-to-many) as an array. */
        MANY,
        /** The referenced row (many-to-one) as a sub-document. */
        ONE
    }
}
