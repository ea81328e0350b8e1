package io.mysqlmongosync.source;

import io.mysqlmongosync.schema.IndexInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.config.SyncConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import io.mysqlmongosync.metrics.RetryLogger;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Reads table structure from information_schema: columns with precision, scale, fsp and nullability,
 * the primary key, indexes, JSON columns (native on MySQL, {@code json_valid} checks on MariaDB) and the
 * change column.
 */
@ApplicationScoped
public class SchemaDiscovery {

    private static final Logger LOG = Logger.getLogger(SchemaDiscovery.class);
    private static final Pattern JSON_CHECK = Pattern.compile("json_valid\\(\\s*`?([^`)\\s]+)`?\\s*\\)",
            Pattern.CASE_INSENSITIVE);

    private final DataSource dataSource;
    private final SyncConfig config;
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SchemaDiscovery(DataSource dataSource, SyncConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Discovers {@code table} in the connection's database; throws {@link SchemaException} when it cannot be synced.
     * Retried like a page read when the server cannot be reached.
     */
    @Retry(retryOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff
    public TableSchema discover(String table) throws SQLException {
        return discoverOnce(table);
    }

    /** As {@link #discover(String)} without retries (start-up must not block on an unreachable server). */
    public TableSchema discoverOnce(String table) throws SQLException {
        try (Connection c = KeysetPageReader.connection(dataSource)) {
            return discover(c, table);
        }
    }

    /** Names of all base tables in the current database. */
    public List<String> tableNames() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES "
                        + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
                ResultSet rs = ps.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    TableSchema discover(Connection c, String table) throws SQLException {
        String schema = c.getCatalog();
        Set<String> jsonColumns = jsonCheckedColumns(c, schema, table);
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, "
                + "NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
                    columns.add(new ColumnInfo(name, dataType, rs.getString(3), intOr(rs, 4, -1), intOr(rs, 5, -1),
                            intOr(rs, 6, 0), "YES".equals(rs.getString(7)),
                            "json".equals(dataType) || jsonColumns.contains(name.toLowerCase(Locale.ROOT))));
                }
            }
        }
        if (columns.isEmpty()) {
            probeAccess(c, table);
            throw new SchemaException("SYNC_TABLES names '" + table + "', but database '" + schema
                    + "' has no such table (or the user lacks SELECT on it)");
        }
        List<IndexInfo> indexes = indexes(c, schema, table);
        IndexInfo primary = indexes.stream().filter(i -> i.name().equals("PRIMARY")).findFirst()
                .orElseThrow(() -> new SchemaException("Table '" + table + "' has no primary key; it cannot be synced "
                        + "without losing or duplicating rows. Add a primary key or remove it from SYNC_TABLES."));
        List<ColumnInfo> pk = primary.columns().stream().map(n -> find(columns, n).orElseThrow()).toList();
        Optional<ColumnInfo> change = config.changeColumns().stream().map(n -> find(columns, n))
                .flatMap(Optional::stream).findFirst().filter(ColumnInfo::temporal);
        // Also for a NOT NULL change column: it can hold zero dates, which no cursor reaches (IncrementalPass).
        Optional<ColumnInfo> created = change.flatMap(ch -> find(columns, config.createdColumn()))
                .filter(cr -> cr.temporal() && !cr.name().equalsIgnoreCase(change.get().name()));
        TableSchema result = new TableSchema(table, List.copyOf(columns), pk, change, created, indexes,
                estimatedRows(c, schema, table));
        if (!warned.add(table)) {
            return result; // every run re-discovers; say the same thing once per process
        }
        change.ifPresentOrElse(ch -> {
            if (!result.hasIndexLeadingWith(ch.name())) {
                LOG.warnf("Table '%s': change column '%s' has no index; every incremental pass scans the table. "
                        + "Add: CREATE INDEX idx_%s_%s ON %s (%s)", table, ch.name(), table, ch.name(), table, ch.name());
            }
        }, () -> LOG.warnf("Table '%s' has none of the change columns %s; it is re-read in full on every pass and "
                + "diffed by row hash", table, config.changeColumns()));
        return result;
    }

    /**
     * information_schema hides tables the user may not read, so "no columns" can mean "no privilege": a probe
     * tells the two apart and reports a missing privilege as the access error it is (a critical error).
     */
    private static void probeAccess(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM " + KeysetQuery.quote(table) + " LIMIT 0").close();
        } catch (SQLException e) {
            if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143 || "42000".equals(e.getSQLState())
                    && e.getErrorCode() != 1146) {
                throw new SQLException("MYSQL_USER lacks SELECT on table '" + table + "': " + e.getMessage(),
                        e.getSQLState(), e.getErrorCode(), e);
            }
        }
    }

    private static Set<String> jsonCheckedColumns(Connection c, String schema, String table) {
        Set<String> names = new HashSet<>();
        // MariaDB stores JSON as LONGTEXT guarded by CHECK (json_valid(col)); MySQL has no TABLE_NAME here
        // and a native JSON type, so a failing query just means "no such checks".
        try (PreparedStatement ps = c.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                + "WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = JSON_CHECK.matcher(rs.getString(1));
                    while (m.find()) {
                        names.add(m.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (SQLException notMariaDb) {
            LOG.debugf("No CHECK_CONSTRAINTS.TABLE_NAME (MySQL): %s", notMariaDb.getMessage());
        }
        return names;
    }

    private static List<IndexInfo> indexes(Connection c, String schema, String table) throws SQLException {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM "
                + "information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(3));
                    unique.put(rs.getString(1), rs.getInt(2) == 0);
                }
            }
        }
        List<IndexInfo> result = new ArrayList<>();
        cols.forEach((name, columns) -> result.add(new IndexInfo(name, unique.get(name), List.copyOf(columns))));
        return result;
    }

    private static long estimatedRows(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Optional<ColumnInfo> find(List<ColumnInfo> columns, String name) {
        return columns.stream().filter(col -> col.name().equalsIgnoreCase(name)).findFirst();
    }

    private static int intOr(ResultSet rs, int index, int fallback) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? fallback : (int) Math.min(v, Integer.MAX_VALUE);
    }
}
