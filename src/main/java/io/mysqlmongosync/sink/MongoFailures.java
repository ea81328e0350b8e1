package io.mysqlmongosync.sink;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.bulk.BulkWriteError;

/**
 * Tells MongoDB's errors apart for the engine, which knows no driver type: the ones that retrying cannot fix (bad
 * credentials, missing privileges, a full disk or quota), the driver's errors at all, and its interruptions.
 */
public final class MongoFailures {

    private MongoFailures() {
    }

    /** Whether {@code t} itself (not its causes) is an error of the MongoDB driver. */
    public static boolean isMongoError(Throwable t) {
        return t instanceof MongoException;
    }

    /** Whether {@code t} itself is the driver's report that its thread was interrupted (how shutdown stops a run). */
    public static boolean isInterruption(Throwable t) {
        return t instanceof MongoInterruptedException;
    }

    /** {@code mongodb_auth} or {@code storage} when {@code t} itself (not its causes) is such an error, else null. */
    public static String criticalReason(Throwable t) {
        if (t instanceof MongoSecurityException) {
            return "mongodb_auth";
        }
        if (t instanceof MongoBulkWriteException b) {
            // A bulk write's own code is -3: the server's codes are on its write errors and write-concern error.
            for (BulkWriteError w : b.getWriteErrors()) {
                String reason = reason(w.getCode(), w.getMessage());
                if (reason != null) {
                    return reason;
                }
            }
            if (b.getWriteConcernError() != null) {
                String reason = reason(b.getWriteConcernError().getCode(), b.getWriteConcernError().getMessage());
                if (reason != null) {
                    return reason;
                }
            }
        }
        if (t instanceof MongoServerException m) {
            return reason(m.getCode(), m.getMessage());
        }
        return null;
    }

    /** 13/18 credentials; 14031 out of disk, 12501 quota, 10334 and Atlas' 8000 "space quota" storage. */
    private static String reason(int code, String message) {
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
