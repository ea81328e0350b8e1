package io.mysqlmongosync.engine.reverse;

/** What became of one edited document in a reverse pass (also the {@code outcome} tag of the reverse metrics). */
public enum ReverseOutcome {
    /** The edit was written to MySQL (one UPDATE) and the document settled at the row's new version. */
    WRITTEN,
    /** MySQL changed meanwhile and the document won (conflict policy): written, conflict recorded. */
    CONFLICT_WRITTEN,
    /** MySQL changed meanwhile and the row won (conflict policy): nothing written, the document takes the row's values. */
    CONFLICT_KEPT,
    /** The edit cannot be written back exactly (a refused field or value): row left alone, logged with the field. */
    REFUSED,
    /** The row is gone from MySQL: nothing written (the forward reconciliation removes the document). */
    MISSING,
    /** Nothing to write (only the change field moved, or the edit equals the row): the document settled. */
    UNCHANGED;

    /** The metric tag. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
