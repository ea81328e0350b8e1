package io.mysqlmongosync.health;

/**
 * One thing wrong with a connection, as an operator reads it: what is wrong and which variable to fix.
 *
 * @param component {@code mysql} or {@code mongodb}
 * @param code short machine-readable kind, e.g. {@code mysql_auth}, {@code mysql_unknown_database},
 *     {@code mysql_privileges}, {@code mongodb_auth}, {@code mongodb_unresolvable}, {@code mongodb_no_write}
 * @param variable the environment variable to fix (e.g. {@code MYSQL_PASSWORD}, {@code MONGODB_URI})
 * @param message one line, never containing a password
 */
public record ConnectionProblem(String component, String code, String variable, String message) {

    /** The problem as one log line / health value. */
    @Override
    public String toString() {
        return message;
    }
}
