package io.mysqlmongosync.source.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mysqlmongosync.testing.LimitedUserTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The write grants the reverse direction checks at start-up, against MariaDB with a limited user. */
class WriteGrantsIT {

    static final String DB = "mms_reverse_grants";
    static final String USER = "mms_reverse_writer";
    static final String PASSWORD = "writer-pw-1";

    @Test
    void namesEveryMissingGrantAndAcceptsTableDatabaseAndGlobalGrants() throws Exception {
        TestDatabase.recreate(DB, "/db/reverse.sql");
        TestDatabase.exec(DB, "CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20))");
        for (String host : LimitedUserTestResource.HOSTS) {
            TestDatabase.exec(DB, "DROP USER IF EXISTS '" + USER + "'@'" + host + "'");
            TestDatabase.exec(DB, "CREATE USER '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
            TestDatabase.exec(DB, "GRANT SELECT ON `" + DB + "`.`products` TO '" + USER + "'@'" + host + "'");
            TestDatabase.exec(DB, "GRANT SELECT, UPDATE ON `" + DB + "`.`orders` TO '" + USER + "'@'" + host + "'");
        }
        WriteGrants grants = new WriteGrants(as(USER, PASSWORD));
        Map<String, Collection<String>> needed = new LinkedHashMap<>();
        needed.put("products", List.of("UPDATE", "SELECT", "INSERT"));
        needed.put("orders", List.of("UPDATE", "SELECT", "DELETE"));
        assertEquals(List.of("UPDATE on products", "INSERT on products", "DELETE on orders"), grants.missing(needed));
        for (String host : LimitedUserTestResource.HOSTS) {
            TestDatabase.exec(DB, "GRANT UPDATE, INSERT, DELETE ON `" + DB + "`.* TO '" + USER + "'@'" + host + "'");
        }
        assertEquals(List.of(), grants.missing(needed), "database-level grants count");
        assertEquals(List.of(), new WriteGrants(as(TestDatabase.user(), TestDatabase.password())).missing(needed),
                "the test's admin user holds everything globally");
    }

    /** A DataSource opening a new connection to the test database as {@code user}. */
    static DataSource as(String user, String password) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return DriverManager.getConnection(TestDatabase.jdbcUrl(DB), user, password);
            }

            @Override
            public Connection getConnection(String u, String p) throws SQLException {
                return DriverManager.getConnection(TestDatabase.jdbcUrl(DB), u, p);
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> iface) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
