package io.mysqlmongosync.health;

import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.sink.CheckDatabase;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.MysqlConnectionSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One check of MySQL the way the sync needs it: the login works, the database exists, every configured table can be
 * selected and is visible in information_schema. Each check opens a fresh connection rather than borrowing a pooled
 * one: a pooled connection outlives a password change, and MariaDB applies a revoked database-level privilege to an
 * open connection only at its next {@code USE}, so only a new login shows what the next pool connection (or a
 * restarted pod) would meet. Each connect and each read is bounded by {@link CheckDatabase#DEADLINE}, like the MongoDB
 * check's calls.
 */
@ApplicationScoped
public class MySqlAccessCheck {

    private static final Pattern URL = Pattern.compile("jdbc:[a-z]+://([^/?]*)/?([^?]*)");
    private static final String JDBC_PROPERTIES = "quarkus.datasource.jdbc.additional-jdbc-properties.";
    /** Each statement of a check, like each MongoDB call of one (the socket timeout cuts a silent one sooner). */
    private static final int QUERY_TIMEOUT_SECONDS = (int) CheckDatabase.DEADLINE.toSeconds();

    private final TableCatalog catalog;
    private final Config config;
    private final MysqlConnectionSecrets secrets;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    MySqlAccessCheck(TableCatalog catalog, Config config, MysqlConnectionSecrets secrets,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.catalog = catalog;
        this.config = config;
        this.secrets = secrets;
        this.jdbcUrl = jdbcUrl;
        this.user = user.orElse("");
        this.password = password.orElse(null);
    }

    /** Checks MySQL now: the problem found, or null. */
    ConnectionProblem check() {
        String database = database();
        // A fresh login (see the class comment); the driver directly, which also works in a native image.
        try (Connection c = new com.mysql.cj.jdbc.Driver().connect(jdbcUrl, properties())) {
            if (c == null) {
                return new ConnectionProblem("mysql", "mysql_error", "MYSQL_HOST", "The MySQL JDBC URL is not usable"
                        + " by the MySQL driver: check MYSQL_HOST, MYSQL_PORT and MYSQL_DATABASE");
            }
            ConnectionProblem tables = checkTables(c, database);
            return tables != null ? tables : checkInformationSchema(c, database);
        } catch (SQLException e) {
            return ProblemClassifier.mysql(e, user, database, server(), password);
        }
    }

    /** The problem to report when the check itself failed unexpectedly (no password in it). */
    ConnectionProblem failed(RuntimeException e) {
        return new ConnectionProblem("mysql", "mysql_error", "MYSQL_HOST",
                "MySQL check failed (" + ProblemClassifier.redact(e.toString(), password) + ")");
    }

    /** The pool's connection properties (TLS mode, compression, ...), secrets (password file, trust store), timeouts. */
    private Properties properties() {
        Properties props = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(JDBC_PROPERTIES)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> props.setProperty(
                        name.substring(JDBC_PROPERTIES.length()).replace("\"", ""), v));
            }
        }
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        if (secrets != null) {
            secrets.getCredentials(MysqlConnectionSecrets.NAME).forEach(props::setProperty);
        }
        props.setProperty("connectTimeout", String.valueOf(CheckDatabase.DEADLINE.toMillis()));
        props.setProperty("socketTimeout", String.valueOf(CheckDatabase.DEADLINE.toMillis()));
        return props;
    }

    /** Every configured table can be selected (all columns): the problem naming those that cannot, or null. */
    private ConnectionProblem checkTables(Connection c, String database) throws SQLException {
        List<String> denied = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String deniedDetail = null;
        for (String table : catalog.configuredTables()) {
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                // SELECT * so that a grant on only some columns is caught as well; LIMIT 0 reads nothing.
                st.executeQuery("SELECT * FROM " + KeysetQuery.quote(table) + " LIMIT 0").close();
            } catch (SQLException e) {
                if (e.getErrorCode() == 1146) {
                    missing.add(table);
                } else if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143) {
                    denied.add(table);
                    deniedDetail = deniedDetail == null ? e.getMessage() : deniedDetail;
                } else {
                    throw e;
                }
            }
        }
        if (!denied.isEmpty()) {
            return ProblemClassifier.mysqlPrivileges(user, database, denied, deniedDetail);
        }
        return missing.isEmpty() ? null : ProblemClassifier.mysqlMissingTables(database, missing);
    }

    /** Schema discovery reads information_schema; a table it cannot see there cannot be synced. */
    private ConnectionProblem checkInformationSchema(Connection c, String database) throws SQLException {
        Set<String> visible = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visible.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1142 || e.getErrorCode() == 1044 || e.getErrorCode() == 1227) {
                return new ConnectionProblem("mysql", "mysql_privileges", "MYSQL_USER", "MySQL user '" + user
                        + "' cannot read information_schema (" + e.getMessage() + "): the sync needs it to discover"
                        + " the tables; grant access or use another MYSQL_USER");
            }
            throw e;
        }
        List<String> hidden = catalog.configuredTables().stream().filter(t -> !visible.contains(t)).toList();
        if (!hidden.isEmpty()) {
            return new ConnectionProblem("mysql", "mysql_privileges", "MYSQL_USER", "information_schema does not show "
                    + String.join(", ", hidden) + " of database '" + database + "' to MySQL user '" + user
                    + "': grant SELECT on " + (hidden.size() == 1 ? "it" : "them") + " to that user (MYSQL_USER)");
        }
        return null;
    }

    /** host:port of the JDBC URL, for messages. */
    String server() {
        Matcher m = URL.matcher(jdbcUrl);
        return m.lookingAt() ? m.group(1) : "(MySQL JDBC URL)";
    }

    /** The database of the JDBC URL (MYSQL_DATABASE). */
    private String database() {
        Matcher m = URL.matcher(jdbcUrl);
        return m.lookingAt() ? m.group(2) : "";
    }
}
