package io.mysqlmongosync.api;

import com.mongodb.MongoException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/**
 * The 503 answers for a request that needs MySQL or MongoDB while it cannot be used: {@code mysql_unavailable} or
 * {@code mongodb_unavailable} with a message saying why, never a generic 500 and never a wait for the dead server.
 */
final class DependencyErrors {

    private DependencyErrors() {
    }

    /** The 503 naming {@code component} ({@code mysql} or {@code mongodb}). */
    static Response unavailable(String component, String why) {
        String name = component.equals("mysql") ? "MySQL" : "MongoDB";
        return ApiExceptionMappers.error(503, component + "_unavailable", name + " is unavailable, so this cannot be"
                + " answered now: " + why);
    }

    /** The 503 for a MySQL or MongoDB failure anywhere in {@code e}'s causes, or null when there is none. */
    static Response of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return unavailable("mysql", describe(sql));
            }
            if (t instanceof MongoException mongo && !(t instanceof com.mongodb.MongoWriteException)) {
                return unavailable("mongodb", describe(mongo));
            }
        }
        return null;
    }

    /** The driver's message, which names the server and the failure but never a password. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + (m.length() > 300 ? m.substring(0, 300) + "…"
                : m) + ")");
    }
}
