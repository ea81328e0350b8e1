package io.mysqlmongosync.source;

/** A configured table cannot be served as it is (missing, no primary key, unmappable column). */
public class SchemaException extends RuntimeException {

    /** Creates the exception with an operator-facing message. */
    public SchemaException(String message) {
        super(message);
    }
}
