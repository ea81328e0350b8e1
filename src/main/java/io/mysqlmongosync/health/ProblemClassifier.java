package io.mysqlmongosync.health;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.bulk.BulkWriteError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a connection failure into one operator-facing line that says what is wrong and which variable to fix.
 * Messages are built from error codes and the driver's own text; a password is never part of them (the
 * connection string itself is never printed, only its hosts, user name and authSource).
 */
public final class ProblemClassifier {

    private static final int MAX_DETAIL = 240;
    private static final Pattern SRV = Pattern.compile("Failed looking up (?:SRV|TXT) record for '[^']*'");
    private static final Pattern UNKNOWN_HOST = Pattern.compile("UnknownHostException: ?([^}\\s,]*)");

    private ProblemClassifier() {
    }

    /**
     * A MySQL connection or query failure.
     *
     * @param e the failure
     * @param user MYSQL_USER
     * @param database MYSQL_DATABASE (from the JDBC URL)
     * @param server host:port from the JDBC URL
     * @param password MYSQL_PASSWORD, only to make sure it never appears in the message
     */
    public static ConnectionProblem mysql(SQLException e, String user, String database, String server, String password) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = redact(detail(e), password);
        if (code == 1045 || "28000".equals(state)) {
            return new ConnectionProblem("mysql", "mysql_auth", "MYSQL_PASSWORD", "MySQL refused the login of user '" + user
                    + "' (" + detail + "): check MYSQL_USER and MYSQL_PASSWORD");
        }
        if (code == 1049) {
            return new ConnectionProblem("mysql", "mysql_unknown_database", "MYSQL_DATABASE", "MySQL database '"
                    + database + "' does not exist on " + server + " (" + detail + "): fix MYSQL_DATABASE");
        }
        if (code == 1044) {
            return new ConnectionProblem("mysql", "mysql_privileges", "MYSQL_USER", "MySQL user '" + user
                    + "' may not use database '" + database + "' (" + detail + "): GRANT SELECT ON `" + database
                    + "`.* to that user, or fix MYSQL_USER / MYSQL_DATABASE");
        }
        if (detail.contains("SSL") || detail.contains("TLS") || detail.contains("certificate")) {
            return new ConnectionProblem("mysql", "mysql_tls", "MYSQL_SSL_MODE", "MySQL TLS connection to " + server
                    + " failed (" + detail + "): check MYSQL_SSL_MODE and the trust store (MYSQL_SSL_CA or"
                    + " MYSQL_SSL_TRUST_STORE)");
        }
        if (state.startsWith("08") || e instanceof java.sql.SQLRecoverableException
                || e instanceof java.sql.SQLTransientConnectionException) {
            return new ConnectionProblem("mysql", "mysql_unreachable", "MYSQL_HOST", "MySQL is not reachable at "
                    + server + " (" + detail + "): check MYSQL_HOST and MYSQL_PORT");
        }
        return new ConnectionProblem("mysql", "mysql_error", "MYSQL_HOST", "MySQL check failed on " + server + " ("
                + detail + "): check MYSQL_HOST, MYSQL_PORT, MYSQL_USER and MYSQL_DATABASE");
    }

    /** Tables the MySQL user may not read, as one problem. */
    public static ConnectionProblem mysqlPrivileges(String user, String database, List<String> tables, String detail) {
        String grants = String.join("; ", tables.stream().map(t -> "GRANT SELECT ON `" + database + "`.`" + t + "` TO '"
                + user + "'").toList());
        return new ConnectionProblem("mysql", "mysql_privileges", "MYSQL_USER", "MySQL user '" + user
                + "' lacks SELECT on " + (tables.size() == 1 ? "table " : "tables ") + String.join(", ", tables) + " ("
                + detail + "): " + grants + " (for every host of the user), or use another MYSQL_USER");
    }

    /** Configured tables that do not exist, as one problem. */
    public static ConnectionProblem mysqlMissingTables(String database, List<String> tables) {
        return new ConnectionProblem("mysql", "mysql_missing_table", "SYNC_TABLES", "MySQL database '" + database
                + "' has no table " + String.join(", ", tables) + ": fix SYNC_TABLES or MYSQL_DATABASE");
    }

    /**
     * A MongoDB failure of {@code operation} ({@code ping} or {@code write}) against {@code database}.
     *
     * @param uri the configured connection string, used only for its hosts, user and authSource
     */
    public static ConnectionProblem mongo(Throwable e, String uri, String database, String operation) {
        String where = describe(uri);
        String password = passwordOf(uri);
        String user = userOf(uri);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoSecurityException || (t instanceof MongoServerException s && s.getCode() == 18)) {
                return new ConnectionProblem("mongodb", "mongodb_auth", "MONGODB_URI", "MongoDB refused the credentials"
                        + " of " + where + " (" + redact(detail(t), password) + "): check the user, the password and"
                        + " authSource in MONGODB_URI");
            }
            int code = codeOf(t);
            if (code == 13) {
                return new ConnectionProblem("mongodb", "mongodb_no_write", "MONGODB_URI", (user == null
                        ? "MongoDB connection (no user in MONGODB_URI)" : "MongoDB user '" + user + "'") + " may not " + (operation.equals("write")
                        ? "write to" : "use") + " database '" + database + "' (" + redact(detail(t), password)
                        + "): grant it the readWrite role on that database (MONGODB_DATABASE), or use another user in"
                        + " MONGODB_URI");
            }
            if (code == 14031 || code == 12501) {
                return new ConnectionProblem("mongodb", "mongodb_storage", "MONGODB_DATABASE", "MongoDB cannot store"
                        + " more data in database '" + database + "' (" + redact(detail(t), password) + "): free disk"
                        + " space or raise the storage quota");
            }
        }
        String text = fullText(e);
        Matcher srv = SRV.matcher(text);
        Matcher host = UNKNOWN_HOST.matcher(text);
        if (srv.find()) {
            return new ConnectionProblem("mongodb", "mongodb_unresolvable", "MONGODB_URI", "MongoDB host of "
                    + where + " cannot be resolved (" + srv.group() + "): check the host name in MONGODB_URI");
        }
        if (host.find()) {
            return new ConnectionProblem("mongodb", "mongodb_unresolvable", "MONGODB_URI", "MongoDB host of " + where
                    + " cannot be resolved (unknown host " + host.group(1) + "): check the host name in MONGODB_URI");
        }
        if (e instanceof MongoTimeoutException) {
            return new ConnectionProblem("mongodb", "mongodb_unreachable", "MONGODB_URI", "MongoDB is not reachable at "
                    + where + " (no server answered in time): check MONGODB_URI and the network");
        }
        return new ConnectionProblem("mongodb", "mongodb_error", "MONGODB_URI", "MongoDB " + operation + " check failed"
                + " on " + where + " (" + redact(detail(e), password) + "): check MONGODB_URI");
    }

    /** A check that did not answer within {@code seconds}. */
    public static ConnectionProblem timeout(String component, String target, int seconds) {
        return component.equals("mysql")
                ? new ConnectionProblem("mysql", "mysql_timeout", "MYSQL_HOST", "MySQL did not answer within " + seconds
                        + " s at " + target + ": check MYSQL_HOST and MYSQL_PORT")
                : new ConnectionProblem("mongodb", "mongodb_timeout", "MONGODB_URI", "MongoDB did not answer within "
                        + seconds + " s at " + target + ": check MONGODB_URI");
    }

    /** The server error code of {@code t}, including the first write error of a bulk write; -1 when none. */
    static int codeOf(Throwable t) {
        if (t instanceof MongoBulkWriteException b) {
            for (BulkWriteError w : b.getWriteErrors()) {
                return w.getCode();
            }
            return b.getWriteConcernError() != null ? b.getWriteConcernError().getCode() : b.getCode();
        }
        return t instanceof MongoServerException s ? s.getCode() : -1;
    }

    /**
     * The connection string without secrets: scheme, hosts, user name and authSource, e.g.
     * {@code mongodb+srv://cluster0.example.net (user 'app', authSource 'admin')}.
     */
    public static String describe(String uri) {
        if (uri == null || uri.isBlank()) {
            return "(MONGODB_URI is empty)";
        }
        try {
            ConnectionString cs = new ConnectionString(uri);
            StringBuilder s = new StringBuilder(cs.isSrvProtocol() ? "mongodb+srv://" : "mongodb://")
                    .append(String.join(",", cs.getHosts()));
            List<String> parts = new ArrayList<>(2);
            if (cs.getUsername() != null) {
                parts.add("user '" + cs.getUsername() + "'");
            }
            if (cs.getCredential() != null && cs.getCredential().getSource() != null) {
                parts.add("authSource '" + cs.getCredential().getSource() + "'");
            }
            return parts.isEmpty() ? s.toString() : s.append(" (").append(String.join(", ", parts)).append(')').toString();
        } catch (RuntimeException | LinkageError e) {
            return "(MONGODB_URI cannot be parsed)";
        }
    }

    private static String userOf(String uri) {
        try {
            return new ConnectionString(uri).getUsername();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String passwordOf(String uri) {
        try {
            char[] p = new ConnectionString(uri).getPassword();
            return p == null ? null : new String(p);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Removes {@code secret} (plain and URL-encoded) from {@code text}. */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "****").replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "****");
    }

    private static String detail(Throwable e) {
        // The server's own words: the driver's text around them repeats the whole command and response.
        String m = e instanceof com.mongodb.MongoCommandException c ? c.getErrorCodeName() + " (code " + c.getErrorCode()
                + "): " + c.getErrorMessage()
                : e instanceof com.mongodb.MongoWriteException w ? "code " + w.getError().getCode() + ": "
                + w.getError().getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.lines().findFirst().orElse("").trim();
        return m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL) + "..." : m;
    }

    private static String fullText(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 20_000; t = t.getCause()) {
            s.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return s.toString();
    }
}
