package io.mysqlmongosync.sink;

/**
 * This replica no longer holds a table's lease at the epoch it writes with: another replica took the table over,
 * the operator reset its checkpoint, or the lease could not be renewed before its deadline. The table must stop at
 * once; retrying cannot help.
 */
public class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The table whose lease was lost. */
    private final String table;

    /** "lost the lease on {@code table} to {@code holder} (epoch {@code epoch})". */
    public LeaseLostException(String table, String holder, long epoch) {
        super("lost the lease on " + table + " to " + holder + " (epoch " + epoch + ")");
        this.table = table;
    }

    /** A lease lost for another {@code reason}, e.g. not renewed before its deadline. */
    public LeaseLostException(String table, String reason) {
        super(reason);
        this.table = table;
    }

    /** The table whose lease was lost. */
    public String table() {
        return table;
    }

    /** The first {@link LeaseLostException} in {@code e}'s cause chain, or null. */
    public static LeaseLostException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LeaseLostException l) {
                return l;
            }
        }
        return null;
    }
}
