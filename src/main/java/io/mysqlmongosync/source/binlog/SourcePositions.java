package io.mysqlmongosync.source.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the source's current binlog position, taken before a table's initial load so streaming starts there. */
public final class SourcePositions {

    private SourcePositions() {
    }

    /**
     * The end of the binlog now: file and offset from {@code SHOW MASTER STATUS} and the GTID state
     * ({@code @@gtid_binlog_pos} on MariaDB, {@code @@gtid_executed} on MySQL with GTIDs on).
     *
     * @throws SQLException when the binlog is off or the user lacks REPLICATION CLIENT
     */
    public static BinlogPosition current(Connection c) throws SQLException {
        String gtid = gtid(c); // first: a commit between the two reads is then replayed, never skipped
        String file;
        long pos;
        try (Statement s = c.createStatement(); ResultSet rs = status(s)) {
            if (!rs.next()) {
                throw new SQLException("SHOW MASTER STATUS returned nothing: the binary log is off (start the "
                        + "server with --log-bin)");
            }
            file = rs.getString(1);
            pos = rs.getLong(2);
        }
        return new BinlogPosition(file, pos, gtid);
    }

    /**
     * {@code SHOW MASTER STATUS}, or on a server that no longer knows it (MySQL 8.4 removed it: parse error 1064)
     * {@code SHOW BINARY LOG STATUS}, its new name since MySQL 8.2.
     */
    private static ResultSet status(Statement s) throws SQLException {
        try {
            return s.executeQuery("SHOW MASTER STATUS");
        } catch (SQLException e) {
            if (e.getErrorCode() != 1064) {
                throw e;
            }
            return s.executeQuery("SHOW BINARY LOG STATUS");
        }
    }

    private static String gtid(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException notMariaDb) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT IF(@@gtid_mode = 'ON', @@gtid_executed, '')")) {
                return rs.next() ? rs.getString(1) : null;
            } catch (SQLException noGtids) {
                return null;
            }
        }
    }

    /** The oldest binlog file the source still has ({@code SHOW BINARY LOGS}), or null when it cannot tell. */
    public static String oldestFile(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
