package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A private MariaDB that accepts TLS connections only ({@code require_secure_transport}), with a certificate made
 * for this run: a CA and a server certificate for 127.0.0.1 signed by it (openssl). It runs on a free port from a
 * data directory under {@code target/}, holds one database with the products table and a user that must use TLS
 * ({@code REQUIRE SSL}). The service is started against it with {@code MYSQL_SSL_MODE=VERIFY_CA} and
 * {@code MYSQL_SSL_CA} set to the CA; MongoDB is the in-process wire server. Args: {@code dir}.
 */
public class TlsMariaDbResource implements QuarkusTestResourceLifecycleManager {

    /** Database, user and password of the TLS-only server. */
    public static final String DATABASE = "mms_tls_sync";
    public static final String USER = "tls_sync";
    public static final String PASSWORD = "tls-sync-pw-0123";

    private Path dir;
    private Process mariadb;
    private MongoServer mongo;

    @Override
    public void init(Map<String, String> initArgs) {
        dir = Path.of(initArgs.getOrDefault("dir", "target/tls-mariadb")).toAbsolutePath();
    }

    @Override
    public Map<String, String> start() {
        try {
            StartingServer.deleteTree(dir);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
            StartingServer.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                    "-out", "ca.pem", "-days", "2", "-subj", "/CN=mysql-mongo-sync test CA");
            StartingServer.run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
                    "-out", "server.csr", "-subj", "/CN=127.0.0.1");
            StartingServer.run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
            String user = System.getProperty("user.name");
            StartingServer.run(dir, "mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--user=" + user, "--auth-root-authentication-method=normal", "--skip-test-db");
            int port = ServiceProcess.freePort();
            mariadb = new ProcessBuilder("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--user=" + user, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
                    "--pid-file=" + dir.resolve("pid"), "--skip-name-resolve", "--innodb-buffer-pool-size=16M",
                    "--character-set-server=utf8mb4", "--ssl-ca=" + dir.resolve("ca.pem"),
                    "--ssl-cert=" + dir.resolve("server.pem"), "--ssl-key=" + dir.resolve("server.key"),
                    "--require-secure-transport=ON")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mariadb.log").toFile()).start();
            String server = "jdbc:mysql://127.0.0.1:" + port;
            try (Connection c = awaitRoot(server + "/?sslMode=REQUIRED"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
                s.execute("CREATE TABLE " + DATABASE + ".products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                        + "price DECIMAL(10,2) NOT NULL, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) "
                        + "ON UPDATE CURRENT_TIMESTAMP(6), INDEX idx_products_updated (updated_at))");
                s.execute("INSERT INTO " + DATABASE + ".products (id, name, price) VALUES (1, 'kettle', 24.90), "
                        + "(2, 'teapot', 19.50), (3, 'cup', 4.20)");
                s.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "' REQUIRE SSL");
                s.execute("GRANT SELECT ON " + DATABASE + ".* TO '" + USER + "'@'%'");
            }
            mongo = new MongoServer(new MemoryBackend());
            mongo.bind("127.0.0.1", 0);
            Map<String, String> props = new HashMap<>();
            props.put("quarkus.datasource.jdbc.url", server + "/" + DATABASE
                    + "?connectionCollation=utf8mb4_bin&tinyInt1isBit=false&yearIsDateType=false");
            props.put("quarkus.datasource.username", USER);
            props.put("quarkus.datasource.password", PASSWORD);
            props.put("MYSQL_SSL_MODE", "VERIFY_CA");
            props.put("MYSQL_SSL_CA", dir.resolve("ca.pem").toString());
            props.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
            props.put("quarkus.mongodb.database", "t_" + DATABASE);
            props.put("sync.tables", "products");
            props.put("sync.safety-lag-seconds", "0");
            return props;
        } catch (IOException | SQLException | InterruptedException e) {
            stop();
            throw new IllegalStateException("Cannot start the TLS MariaDB in " + dir + ": " + e.getMessage()
                    + "\n" + log(), e);
        }
    }

    private Connection awaitRoot(String url) throws SQLException {
        return StartingServer.awaitConnection(mariadb, Duration.ofSeconds(60),
                () -> DriverManager.getConnection(url, "root", ""));
    }

    private String log() {
        return StartingServer.log(dir);
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (mariadb != null) {
            StartingServer.stop(mariadb);
        }
    }
}
