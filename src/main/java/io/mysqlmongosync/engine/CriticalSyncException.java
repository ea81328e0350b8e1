package io.mysqlmongosync.engine;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import io.mysqlmongosync.source.SchemaException;
import java.sql.SQLException;

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
            if (t instanceof MongoSecurityException) {
                return "mongodb_auth";
            }
            if (t instanceof MongoBulkWriteException b) {
                // A bulk write's own code is -3: the server's codes are on its write errors and write-concern error.
                for (com.mongodb.bulk.BulkWriteError w : b.getWriteErrors()) {
                    String reason = mongoReason(w.getCode(), w.getMessage());
                    if (reason != null) {
                        return reason;
                    }
                }
                if (b.getWriteConcernError() != null) {
                    String reason = mongoReason(b.getWriteConcernError().getCode(), b.getWriteConcernError().getMessage());
                    if (reason != null) {
                        return reason;
                    }
                }
            }
            if (t instanceof MongoServerException m && mongoReason(m.getCode(), m.getMessage()) != null) {
                return mongoReason(m.getCode(), m.getMessage());
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                int code = s.getErrorCode();
                if ("28000".equals(state) || code == 1045 || code == 1044 || code == 1142 || code == 1143) {
                    return "mysql_auth";
                }
            }
        }
        return null;
    }

    /** 13/18 credentials; 14031 out of disk, 12501 quota, 10334 and Atlas' 8000 "space quota" storage. */
    private static String mongoReason(int code, String message) {
        if (code == 13 || code == 18) {
            return "mongodb_auth";
        }
        if (code == 14031 || code == 12501 || code == 10334
                || (code == 8000 && message != null && message.contains("space quota"))) {
            return "storage";
        }
        return null;
    }
}
