package io.mysqlmongosync.source;

import java.sql.SQLException;

/** Tells the MySQL errors that retrying cannot fix: refused credentials and missing privileges. */
public final class SqlFailures {

    private SqlFailures() {
    }

    /** {@code mysql_auth} when {@code t} itself (not its causes) is such an error, else null. */
    public static String criticalReason(Throwable t) {
        if (t instanceof SQLException s) {
            String state = s.getSQLState();
            int code = s.getErrorCode();
            // 28000 / 1045 access denied; 1044 database, 1142 table, 1143 column privilege missing.
            if ("28000".equals(state) || code == 1045 || code == 1044 || code == 1142 || code == 1143) {
                return "mysql_auth";
            }
        }
        return null;
    }
}
