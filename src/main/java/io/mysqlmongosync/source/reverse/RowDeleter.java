package io.mysqlmongosync.source.reverse;

import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.source.reverse.RowWriter.Result;
import io.mysqlmongosync.source.reverse.RowWriter.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import javax.sql.DataSource;

/**
 * Deletes the MySQL row of a document deleted in MongoDB, in one transaction: the row is locked and read
 * ({@code SELECT ... FOR UPDATE}), its version compared with the version the delete is conditional on, then
 * {@code DELETE ... WHERE <key> = ? AND <change column> = ?}. A row that changed meanwhile is left alone and
 * returned, so the caller's conflict policy decides. Every statement is time-bounded.
 */
@ApplicationScoped
public class RowDeleter {

    private final DataSource dataSource;

    RowDeleter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Deletes the row of {@code id} when its version is {@code expected} (µs; null deletes whatever the version, as
     * a conflict policy that lets the delete win does). {@link Status#WRITTEN} carries the row as it was.
     */
    public Result delete(RowConverter converter, Object id, Long expected, ZoneId zone) throws SQLException {
        TableSchema schema = converter.schema();
        ColumnInfo change = schema.changeColumn().orElseThrow(
                () -> new IllegalStateException(schema.name() + " has no change column"));
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Result r = deleteLocked(c, converter, id, change, expected, zone);
                if (r.status() == Status.WRITTEN) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return r;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static Result deleteLocked(Connection c, RowConverter converter, Object id, ColumnInfo change,
            Long expected, ZoneId zone) throws SQLException {
        SourceRow now = RowWriter.select(c, converter, id, true);
        if (now == null) {
            return new Result(Status.MISSING, null, null);
        }
        if (expected != null && now.version() != expected) {
            return new Result(Status.CONFLICT, now, null);
        }
        // The row is locked and its version compared already; the condition repeats it in the statement (a NULL
        // change column, version 0, has no text to compare with).
        boolean conditional = expected != null && expected > 0;
        TableSchema schema = converter.schema();
        String sql = "DELETE FROM " + KeysetQuery.quote(schema.name()) + " WHERE " + RowWriter.keyCondition(schema)
                + (conditional ? " AND " + KeysetQuery.quote(change.name()) + " = ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(RowWriter.STATEMENT_SECONDS);
            int p = RowWriter.bindKey(ps, 1, schema, id);
            if (conditional) {
                ps.setString(p, RowWriter.formatMicros(expected, zone));
            }
            if (ps.executeUpdate() != 1) {
                return new Result(Status.CONFLICT, RowWriter.select(c, converter, id, false), null);
            }
        }
        return new Result(Status.WRITTEN, now, null);
    }
}
