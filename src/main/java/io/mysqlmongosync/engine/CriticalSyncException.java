package io.mysqlmongosync.engine;

import io.mysqlmongosync.sink.MongoFailures;
import io.mysqlmongosync.source.SchemaException;
import io.mysqlmongosync.source.SqlFailures;

/**
 * An error that retrying cannot fix (wrong credentials, missing privileges, a schema that cannot be mapped,
 * a full disk): the run stops, the scheduler pauses itself and an alert is raised.
 */
public class CriticalSyncException extends RuntimeException {

    private final String reason;

    /** Wraps {@code cause}; {@code reason} is a short code for metrics and alerts. */
    public CriticalSyncException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Short code: {@code mysql_auth}, {@code mongodb_auth}, {@code schema}, {@code storage}. */
    public String reason() {
        return reason;
    }

    /** The critical reason of {@code e}, or null when it is worth retrying or skipping. */
    public static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CriticalSyncException c) {
                return c.reason();
            }
            if (t instanceof SchemaException) {
                return "schema";
            }
            String reason = MongoFailures.criticalReason(t);
            if (reason == null) {
                reason = SqlFailures.criticalReason(t);
            }
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
