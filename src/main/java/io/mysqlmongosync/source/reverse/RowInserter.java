package io.mysqlmongosync.source.reverse;

import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.reverse.SqlValue;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.KeyLookup;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.source.reverse.RowWriter.Result;
import io.mysqlmongosync.source.reverse.RowWriter.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.sql.DataSource;

/**
 * Inserts the row of a document created in MongoDB, in one transaction: the key is locked and looked up first
 * ({@code SELECT ... FOR UPDATE}); an existing row is returned as a {@link Status#CONFLICT} and nothing is written
 * (the caller decides: the same content, a conflict policy), otherwise {@code INSERT INTO <table> (<columns>)
 * VALUES (...)} and the row read back, so the caller gets what MySQL filled in (defaults, the change column). A
 * concurrent insert of the same key (duplicate key) is a conflict too. Strict SQL mode for the statement, as for
 * updates: a value MySQL would truncate or replace refuses the insert. Every statement is time-bounded.
 */
@ApplicationScoped
public class RowInserter {

    private final DataSource dataSource;
    private final KeyLookup keys;

    RowInserter(DataSource dataSource, KeyLookup keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    /**
     * What an INSERT must respect beyond the column types: {@code required} columns are NOT NULL without a default
     * (and not auto-increment), {@code generated} columns are computed by MySQL and take no value.
     */
    public record ColumnRules(Set<String> required, Set<String> generated) {
    }

    /** Why documents of {@code schema} cannot name their row by {@code _id} exactly, or empty when they can. */
    public Optional<String> unsupportedKey(TableSchema schema) {
        return keys.unsupported(schema);
    }

    /** The insert rules of {@code schema}'s table, from information_schema. */
    public ColumnRules rules(TableSchema schema) throws SQLException {
        Set<String> required = new HashSet<>();
        Set<String> generated = new HashSet<>();
        String sql = "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(RowWriter.STATEMENT_SECONDS);
            ps.setString(1, schema.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = Optional.ofNullable(rs.getString(4)).orElse("").toUpperCase(Locale.ROOT);
                    // "DEFAULT_GENERATED" (MySQL 8, an expression default) is a default, not a generated column.
                    boolean computed = extra.contains("VIRTUAL") || extra.contains("STORED")
                            || extra.contains("PERSISTENT");
                    if (computed) {
                        generated.add(rs.getString(1));
                    } else if ("NO".equals(rs.getString(2)) && rs.getString(3) == null
                            && !extra.contains("AUTO_INCREMENT")) {
                        required.add(rs.getString(1));
                    }
                }
            }
        }
        return new ColumnRules(Set.copyOf(required), Set.copyOf(generated));
    }

    /** Inserts the row {@code id} with {@code values} (column → SQL value) unless a row with that key exists. */
    public Result insert(RowConverter converter, Object id, Map<String, SqlValue> values) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String mode = RowWriter.sqlMode(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                RowWriter.strict(c, mode + ",STRICT_ALL_TABLES");
                SourceRow existing = RowWriter.select(c, converter, id, true);
                if (existing != null) {
                    c.rollback();
                    return new Result(Status.CONFLICT, existing, null);
                }
                execute(c, converter.schema(), values);
                SourceRow row = RowWriter.select(c, converter, id, false);
                if (row == null) {
                    throw new SQLException("the row inserted into " + converter.schema().name()
                            + " cannot be read back by its key");
                }
                c.commit();
                return new Result(Status.WRITTEN, row, null);
            } catch (SQLException e) {
                c.rollback();
                if (e.getErrorCode() == 1062) { // inserted meanwhile by someone else
                    SourceRow now = RowWriter.select(c, converter, id, false);
                    c.rollback();
                    if (now != null) {
                        return new Result(Status.CONFLICT, now, null);
                    }
                }
                if (refusal(e)) {
                    return new Result(Status.REFUSED, null, "MySQL refused the row: " + e.getMessage());
                }
                throw e;
            } finally {
                c.setAutoCommit(auto);
                RowWriter.strict(c, mode);
            }
        }
    }

    private static void execute(Connection c, TableSchema schema, Map<String, SqlValue> values) throws SQLException {
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner placeholders = new StringJoiner(", ");
        values.forEach((column, v) -> {
            columns.add(KeysetQuery.quote(column));
            placeholders.add(v.placeholder());
        });
        String sql = "INSERT INTO " + KeysetQuery.quote(schema.name()) + " (" + columns + ") VALUES (" + placeholders
                + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(RowWriter.STATEMENT_SECONDS);
            int p = 1;
            for (SqlValue v : values.values()) {
                ps.setObject(p++, v.value());
            }
            ps.executeUpdate();
        }
    }

    /**
     * Whether {@code e} is MySQL refusing the row: a refused value (see {@link RowWriter#dataError}), a column
     * without a default (1364), NULL into NOT NULL (1048), a value for a generated column (3105, 1906).
     */
    static boolean refusal(SQLException e) {
        int code = e.getErrorCode();
        return RowWriter.dataError(e) || code == 1364 || code == 1048 || code == 3105 || code == 1906;
    }
}
