package io.mysqlmongosync.bench;

import io.mysqlmongosync.testing.ShopData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's MariaDB/MySQL source: connection settings (TEST_MYSQL_URL / TEST_MYSQL_USER /
 * TEST_MYSQL_PASSWORD, default 127.0.0.1:3306 as root without password) and the data generator for database
 * {@code mms_bench}, which uses MariaDB's sequence engine ({@code seq_1_to_N}) for fast INSERT ... SELECT.
 */
final class SourceDb {

    static final String DATABASE = "mms_bench";

    private SourceDb() {
    }

    static String serverUrl() {
        String url = System.getenv("TEST_MYSQL_URL");
        return url == null || url.isBlank() ? "jdbc:mysql://127.0.0.1:3306" : url.replaceAll("/+$", "");
    }

    static String user() {
        String u = System.getenv("TEST_MYSQL_USER");
        return u == null || u.isBlank() ? "root" : u;
    }

    static String password() {
        String p = System.getenv("TEST_MYSQL_PASSWORD");
        return p == null ? "" : p;
    }

    /** host and port of {@link #serverUrl()}, for the service's MYSQL_HOST / MYSQL_PORT. */
    static String[] hostPort() {
        String rest = serverUrl().replaceFirst("^jdbc:[a-z]+://", "");
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int colon = rest.lastIndexOf(':');
        return colon < 0 ? new String[] {rest, "3306"} : new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
    }

    /** The service's MYSQL_* (this source, database mms_bench) and MONGODB_* variables, in a map to add to. */
    static Map<String, String> serviceEnv(String mongoUri, String mongoDatabase) {
        String[] hp = hostPort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MYSQL_HOST", hp[0]);
        env.put("MYSQL_PORT", hp[1]);
        env.put("MYSQL_USER", user());
        env.put("MYSQL_PASSWORD", password());
        env.put("MYSQL_DATABASE", DATABASE);
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", mongoDatabase);
        return env;
    }

    /** A connection to {@code database} (or the server when null), session in UTC as the service has it. */
    static Connection connect(String database) throws SQLException {
        String url = serverUrl() + "/" + (database == null ? "" : database)
                + "?connectionCollation=utf8mb4_bin&tinyInt1isBit=false&yearIsDateType=false";
        Connection c = DriverManager.getConnection(url, user(), password());
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    /** Column list of the products table in ordinal order, back-quoted as KeysetQuery writes it. */
    static String productColumns(Connection c) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COLUMN_NAME FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + DATABASE + "' AND TABLE_NAME = 'products' "
                + "ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                cols.add('`' + rs.getString(1) + '`');
            }
        }
        return String.join(", ", cols);
    }

    /** Drops and re-creates mms_bench with {@code rows} products, rows/10 orders and 3 items per order. */
    static void generate(long rows, java.util.function.Consumer<String> log) throws SQLException {
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
        try (Connection c = connect(DATABASE)) {
            ShopData.create(c, rows, log);
        }
    }

    /** Rows of an EXPLAIN (or any query) as text lines, one per row, {@code col=value} pairs. */
    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
