package io.mysqlmongosync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * JDBC access to the test MariaDB (TEST_MYSQL_URL / TEST_MYSQL_USER / TEST_MYSQL_PASSWORD, default the local
 * server as root without password).
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** Server URL without a database, e.g. {@code jdbc:mysql://127.0.0.1:3306}. */
    public static String serverUrl() {
        String url = System.getenv("TEST_MYSQL_URL");
        return url == null || url.isBlank() ? "jdbc:mysql://127.0.0.1:3306" : url.replaceAll("/+$", "");
    }

    /** Port of the test server named by {@link #serverUrl()} (3306 unless TEST_MYSQL_URL says otherwise). */
    public static int port() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)$").matcher(serverUrl());
        return m.find() ? Integer.parseInt(m.group(1)) : 3306;
    }

    /** JDBC URL of {@code database} with the service's connection options. */
    public static String jdbcUrl(String database) {
        return serverUrl() + "/" + database + "?connectionCollation=utf8mb4_bin&tinyInt1isBit=false&yearIsDateType=false";
    }

    /** Test user. */
    public static String user() {
        String u = System.getenv("TEST_MYSQL_USER");
        return u == null || u.isBlank() ? "root" : u;
    }

    /** Test password. */
    public static String password() {
        String p = System.getenv("TEST_MYSQL_PASSWORD");
        return p == null ? "" : p;
    }

    /** The service's MYSQL_* variables for {@code database} on this server (127.0.0.1), in a map to add to. */
    public static Map<String, String> serviceEnv(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", "127.0.0.1");
        env.put("MYSQL_PORT", Integer.toString(port()));
        env.put("MYSQL_USER", user());
        env.put("MYSQL_PASSWORD", password());
        env.put("MYSQL_DATABASE", database);
        return env;
    }

    /** A connection to {@code database} with the session in UTC, as the service has it. */
    public static Connection connect(String database) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl(database), user(), password());
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    /** Drops and creates {@code database}, then runs the classpath script {@code schema} in it (if given). */
    public static void recreate(String database, String schema) {
        try (Connection c = DriverManager.getConnection(serverUrl() + "/", user(), password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the test MariaDB at " + serverUrl() + ": " + e.getMessage(), e);
        }
        if (schema != null) {
            runScript(database, schema);
        }
    }

    /** Runs the statements (separated by {@code ;} at line end) of classpath script {@code resource}. */
    public static void runScript(String database, String resource) {
        String sql;
        try (InputStream in = TestDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String stmt : sql.split(";\\s*\\n")) {
                String trimmed = stmt.replaceAll("(?m)^--.*$", "").trim();
                if (!trimmed.isEmpty()) {
                    s.execute(trimmed);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Script " + resource + " failed: " + e.getMessage(), e);
        }
    }

    /** Executes one statement in {@code database}. */
    public static void exec(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The one number {@code sql} selects from {@code database}. */
    public static long scalar(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
