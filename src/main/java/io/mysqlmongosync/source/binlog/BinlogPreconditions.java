package io.mysqlmongosync.source.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the source must offer before its binlog can be streamed, each missing piece with the change that fixes it:
 * the binary log on, {@code binlog_format=ROW}, {@code binlog_row_image=FULL}, the {@code REPLICATION SLAVE} and
 * {@code REPLICATION CLIENT} privileges, a {@code SYNC_CDC_SERVER_ID} no other server or reader uses, and (MySQL
 * 8.0.20+) {@code binlog_transaction_compression=OFF}. Advised, not required: {@code binlog_row_metadata=FULL}, so
 * that a stream replaying events written before an {@code ALTER TABLE} places their cells by column name.
 */
public final class BinlogPreconditions {

    private BinlogPreconditions() {
    }

    /**
     * The result: {@link #problems()} is empty when the binlog can be streamed; {@link #advice()} lists settings
     * that are not required but recommended (each with the change to make).
     */
    public record Result(List<String> problems, boolean mariaDb, List<String> advice) {

        /** A result without advice. */
        public Result(List<String> problems, boolean mariaDb) {
            this(problems, mariaDb, List.of());
        }

        /** Whether everything needed is there. */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** All problems in one sentence, for an error or a WARN. */
        public String describe() {
            return String.join("; ", problems);
        }
    }

    /** Checks the source behind {@code c} for a stream that registers as {@code serverId}. */
    public static Result check(Connection c, long serverId) throws SQLException {
        List<String> problems = new ArrayList<>();
        boolean mariaDb;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id, "
                        + "@@version")) {
            rs.next();
            mariaDb = rs.getString(5).toLowerCase(Locale.ROOT).contains("mariadb");
            if (!"1".equals(rs.getString(1)) && !"ON".equalsIgnoreCase(rs.getString(1))) {
                problems.add("the binary log is off (log_bin=0): start the server with --log-bin (and restart it)");
            }
            if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
                problems.add("binlog_format is " + rs.getString(2) + ", not ROW: set binlog_format=ROW in the server "
                        + "configuration (SET GLOBAL binlog_format=ROW applies to new sessions only)");
            }
            if (!"FULL".equalsIgnoreCase(rs.getString(3))) {
                problems.add("binlog_row_image is " + rs.getString(3) + ", not FULL: set binlog_row_image=FULL in the "
                        + "server configuration");
            }
            if (rs.getLong(4) == serverId) {
                problems.add("SYNC_CDC_SERVER_ID=" + serverId + " is the source's own server_id: choose another");
            }
        }
        compressedTransactions(c).ifPresent(problems::add);
        problems.addAll(missingPrivileges(grants(c)));
        replicaWithId(c, serverId).ifPresent(problems::add);
        return new Result(List.copyOf(problems), mariaDb, rowMetadata(c).map(List::of).orElse(List.of()));
    }

    /**
     * Advice when the server does not write column names into the binlog ({@code binlog_row_metadata} not FULL, or
     * a server without the setting): events written before a column change cannot be placed by name then.
     */
    static java.util.Optional<String> rowMetadata(Connection c) {
        String value;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@binlog_row_metadata")) {
            value = rs.next() ? rs.getString(1) : null;
        } catch (SQLException noSuchVariable) {
            value = null; // MySQL before 8.0.1, MariaDB before 10.5
        }
        if ("FULL".equalsIgnoreCase(value)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("binlog_row_metadata is " + (value == null ? "not supported by this server"
                : value) + ", not FULL: set binlog_row_metadata=FULL (MySQL 8.0, MariaDB 10.5 and later) so that a "
                + "stream replaying events written before an ALTER TABLE that adds, drops or renames a column decodes "
                + "them by column name; without it such a table is blocked (stream_state schema_mismatch) until it is "
                + "reloaded");
    }

    /** The lines of {@code SHOW GRANTS} for the connected user. */
    static List<String> grants(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** The replication privileges missing from {@code grants} (global grants on {@code *.*} only count). */
    static List<String> missingPrivileges(List<String> grants) {
        boolean slave = false;
        boolean client = false;
        for (String line : grants) {
            String g = line.toUpperCase(Locale.ROOT);
            if (!g.contains(" ON *.* ")) {
                continue;
            }
            boolean all = g.contains("ALL PRIVILEGES");
            slave |= all || g.contains("REPLICATION SLAVE");
            // MariaDB 10.5+ shows REPLICATION CLIENT as BINLOG MONITOR; SUPER includes it on older servers
            client |= all || g.contains("REPLICATION CLIENT") || g.contains("BINLOG MONITOR") || g.contains("SUPER");
        }
        List<String> missing = new ArrayList<>();
        if (!slave) {
            missing.add("MYSQL_USER lacks the REPLICATION SLAVE privilege: GRANT REPLICATION SLAVE ON *.* TO <user>");
        }
        if (!client) {
            missing.add("MYSQL_USER lacks the REPLICATION CLIENT privilege: GRANT REPLICATION CLIENT ON *.* TO <user>");
        }
        return missing;
    }

    /** A problem when MySQL compresses transactions in the binlog (8.0.20+; MariaDB has no such setting). */
    private static java.util.Optional<String> compressedTransactions(Connection c) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@binlog_transaction_compression")) {
            if (rs.next() && ("1".equals(rs.getString(1)) || "ON".equalsIgnoreCase(rs.getString(1)))) {
                return java.util.Optional.of("binlog_transaction_compression is ON: set it OFF (compressed "
                        + "transaction payloads are not read)");
            }
        } catch (SQLException noSuchVariable) {
            // MariaDB or MySQL before 8.0.20: transactions are never compressed
        }
        return java.util.Optional.empty();
    }

    /** A problem when a registered replica already uses {@code serverId} (not knowable without the privilege). */
    private static java.util.Optional<String> replicaWithId(Connection c, long serverId) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE HOSTS")) {
            while (rs.next()) {
                if (rs.getLong(1) == serverId) {
                    return java.util.Optional.of("SYNC_CDC_SERVER_ID=" + serverId + " is already used by the replica "
                            + rs.getString(2) + ": choose an id no replica or binlog reader uses");
                }
            }
        } catch (SQLException notAllowed) {
            // listing replicas needs REPLICATION MASTER ADMIN on MariaDB 10.5+: nothing more can be checked
        }
        return java.util.Optional.empty();
    }
}
