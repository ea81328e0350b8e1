package io.mysqlmongosync.engine.reverse;

/**
 * What became of one edited, new or deleted document in a reverse pass or stream (also the {@code outcome} tag of
 * the reverse metrics, whose {@code operation} tag says which: {@code update}, {@code insert} or {@code delete}).
 */
public enum ReverseOutcome {
    /** The edit was written to MySQL (one UPDATE; one INSERT for a new document) and the document settled. */
    WRITTEN,
    /** MySQL changed meanwhile and the document won (conflict policy): written, conflict recorded. */
    CONFLICT_WRITTEN,
    /** MySQL changed meanwhile and the row won (conflict policy): nothing written, the document takes the row's values. */
    CONFLICT_KEPT,
    /** The edit cannot be written back exactly (a refused field or value): row left alone, logged with the field. */
    REFUSED,
    /** The row is gone from MySQL: nothing written (the forward reconciliation removes the document). */
    MISSING,
    /**
     * Nothing to write (only the change field moved, or the edit equals the row; for a new document: a row with its
     * key and content exists): the document settled.
     */
    UNCHANGED,
    /** The document was deleted in MongoDB and its row deleted (one DELETE, conditional on the row's version). */
    DELETED,
    /** Deleted in MongoDB while the row changed in MySQL; the delete won (conflict policy): deleted, recorded. */
    CONFLICT_DELETED;

    /** The metric tag. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
