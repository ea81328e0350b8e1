package io.mysqlmongosync.source.reverse;

import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.reverse.SqlValue;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.KeyLookup;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.RowConverter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.bson.Document;

/**
 * Writes one edit made in MongoDB back to its MySQL row, in one transaction: the row is locked and read
 * ({@code SELECT ... FOR UPDATE}), its version compared with the version the document came from, then
 * {@code UPDATE ... SET <columns> WHERE <key> = ? AND <change column> = ?} (the change column moves by its own
 * {@code ON UPDATE CURRENT_TIMESTAMP}, never set from here)
 * and the row read again, so the caller gets the new version and the row's new document. The session runs in
 * strict SQL mode for the statement, so a value MySQL would truncate, round or replace is an error: the edit is
 * refused and nothing is written. Every statement is time-bounded.
 */
@ApplicationScoped
public class RowWriter {

    /** Seconds one statement of a write-back may take. */
    static final int STATEMENT_SECONDS = 30;

    private final DataSource dataSource;

    RowWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What became of a write-back. */
    public enum Status {
        /** The row was updated; {@link Result#row} is the row as it is now. */
        WRITTEN,
        /** The row changed since the document's version; nothing written; {@link Result#row} is the row now. */
        CONFLICT,
        /** The row is gone; nothing written. */
        MISSING,
        /** MySQL refused a value (strict mode); nothing written; {@link Result#problem} says which. */
        REFUSED
    }

    /** The outcome of a write-back. */
    public record Result(Status status, SourceRow row, String problem) {
    }

    /** The row of {@code id}, converted like a sync read, or null when there is none. */
    public SourceRow read(RowConverter converter, Object id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return select(c, converter, id, false);
        }
    }

    /**
     * Updates the row of {@code id} with {@code sets} when its version is {@code expected} (µs; null writes
     * whatever the version, as a conflict policy that lets the document win does).
     */
    public Result update(RowConverter converter, Object id, Map<String, SqlValue> sets, Long expected, ZoneId zone)
            throws SQLException {
        TableSchema schema = converter.schema();
        ColumnInfo change = schema.changeColumn().orElseThrow(
                () -> new IllegalStateException(schema.name() + " has no change column"));
        try (Connection c = dataSource.getConnection()) {
            String mode = sqlMode(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                strict(c, mode + ",STRICT_ALL_TABLES");
                Result r = updateLocked(c, converter, id, sets, change, expected, zone);
                if (r.status() == Status.WRITTEN) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return r;
            } catch (SQLException e) {
                c.rollback();
                if (dataError(e)) {
                    return new Result(Status.REFUSED, null, "MySQL refused the value: " + e.getMessage());
                }
                throw e;
            } finally {
                c.setAutoCommit(auto);
                strict(c, mode);
            }
        }
    }

    private Result updateLocked(Connection c, RowConverter converter, Object id, Map<String, SqlValue> sets,
            ColumnInfo change, Long expected, ZoneId zone) throws SQLException {
        SourceRow now = select(c, converter, id, true);
        if (now == null) {
            return new Result(Status.MISSING, null, null);
        }
        boolean conditional = expected != null && expected > 0;
        if (conditional && now.version() != expected) {
            return new Result(Status.CONFLICT, now, null);
        }
        TableSchema schema = converter.schema();
        StringJoiner set = new StringJoiner(", ");
        sets.forEach((column, v) -> set.add(KeysetQuery.quote(column) + " = " + v.placeholder()));
        // The change column is left to MySQL (ON UPDATE CURRENT_TIMESTAMP): setting it here would rewrite a
        // created_at chosen as change column; the document is settled at whatever version the row has afterwards.
        String changeName = KeysetQuery.quote(change.name());
        String sql = "UPDATE " + KeysetQuery.quote(schema.name()) + " SET " + set + " WHERE " + keyCondition(schema)
                + (conditional ? " AND " + changeName + " = ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(STATEMENT_SECONDS);
            int p = 1;
            for (SqlValue v : sets.values()) {
                ps.setObject(p++, v.value());
            }
            p = bindKey(ps, p, schema, id);
            if (conditional) {
                ps.setString(p, formatMicros(expected, zone));
            }
            if (ps.executeUpdate() != 1) {
                return new Result(Status.CONFLICT, select(c, converter, id, false), null);
            }
        }
        return new Result(Status.WRITTEN, select(c, converter, id, false), null);
    }

    static SourceRow select(Connection c, RowConverter converter, Object id, boolean lock) throws SQLException {
        TableSchema schema = converter.schema();
        String sql = KeysetQuery.selectAll(schema) + " WHERE " + keyCondition(schema) + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(STATEMENT_SECONDS);
            bindKey(ps, 1, schema, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? converter.convert(rs) : null;
            }
        }
    }

    static String keyCondition(TableSchema schema) {
        StringJoiner j = new StringJoiner(" AND ");
        schema.primaryKey().forEach(k -> j.add(KeysetQuery.quote(k.name()) + " = ?"));
        return j.toString();
    }

    static int bindKey(PreparedStatement ps, int from, TableSchema schema, Object id) throws SQLException {
        List<ColumnInfo> pk = schema.primaryKey();
        int p = from;
        if (pk.size() == 1) {
            KeyLookup.bind(ps, p++, id);
            return p;
        }
        Document d = (Document) id;
        for (ColumnInfo k : pk) {
            KeyLookup.bind(ps, p++, d.get(k.name()));
        }
        return p;
    }

    /** A version in µs as the change column's wall-clock text in {@code zone}. */
    static String formatMicros(long us, ZoneId zone) {
        Instant at = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
        return TypeConverter.formatDateTime(LocalDateTime.ofInstant(at, zone));
    }

    static String sqlMode(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void strict(Connection c, String mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
            ps.setString(1, mode.startsWith(",") ? mode.substring(1) : mode);
            ps.execute();
        }
    }

    /** Whether {@code e} is MySQL refusing a value (data exception, truncation, bad ENUM/SET member, bad JSON). */
    static boolean dataError(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        return (state != null && state.startsWith("22")) || code == 1265 || code == 1366 || code == 1406
                || code == 1292 || code == 1264 || code == 4025 || code == 3140 || code == 1416;
    }
}
