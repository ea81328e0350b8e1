package io.mysqlmongosync.source.binlog;

/** A binlog row that does not fit the table's known schema: the table is re-discovered and the row read again. */
public class SchemaMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A mismatch described by {@code message}. */
    public SchemaMismatchException(String message) {
        super(message);
    }
}
