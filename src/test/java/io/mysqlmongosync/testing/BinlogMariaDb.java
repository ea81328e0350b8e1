package io.mysqlmongosync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private MariaDB with the binary log on (ROW format, FULL row image), started from a fresh data directory on a
 * free port and stopped by {@link #close()}: binlog tests never depend on how the machine's MariaDB is set up.
 * Started with {@code --no-defaults}, so no my.cnf is read.
 */
public final class BinlogMariaDb implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> command;
    private volatile Process process;

    private BinlogMariaDb(Path dir, int port, List<String> command, Process process) {
        this.dir = dir;
        this.port = port;
        this.command = command;
        this.process = process;
    }

    /**
     * Starts a server in {@code dir} (wiped first) with the binlog on; {@code serverId} is its server_id. Extra
     * {@code mariadbd} options (e.g. {@code --binlog-format=STATEMENT}) replace or add to the defaults.
     */
    public static BinlogMariaDb start(Path dir, int serverId, String... extraOptions) {
        Path root = dir.toAbsolutePath();
        Process p = null;
        try {
            StartingServer.deleteTree(root);
            Files.createDirectories(root);
            String user = System.getProperty("user.name");
            StartingServer.run(root, "mariadb-install-db", "--no-defaults", "--datadir=" + root.resolve("data"),
                    "--user=" + user, "--auth-root-authentication-method=normal", "--skip-test-db");
            int port = ServiceProcess.freePort();
            List<String> cmd = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--no-defaults",
                    "--datadir=" + root.resolve("data"), "--user=" + user, "--port=" + port,
                    "--bind-address=127.0.0.1", "--socket=" + root.resolve("sock"), "--pid-file=" + root.resolve("pid"),
                    "--skip-name-resolve", "--innodb-buffer-pool-size=16M", "--character-set-server=utf8mb4",
                    "--log-bin=" + root.resolve("binlog"), "--binlog-format=ROW", "--binlog-row-image=FULL",
                    "--server-id=" + serverId, "--max-connections=200"));
            cmd.addAll(List.of(extraOptions));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("mariadb.log").toFile())
                    .start();
            BinlogMariaDb db = new BinlogMariaDb(root, port, List.copyOf(cmd), p);
            db.awaitReady();
            return db;
        } catch (IOException | SQLException | InterruptedException e) {
            if (p != null) {
                p.destroyForcibly();
            }
            throw new IllegalStateException("Cannot start a binlog MariaDB in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code jdbc:mysql://127.0.0.1:<port>}, without a database. */
    public String serverUrl() {
        return "jdbc:mysql://127.0.0.1:" + port;
    }

    /** A JDBC URL for {@code database} with the connection options the service uses. */
    public String url(String database) {
        return serverUrl() + "/" + database + "?connectionCollation=utf8mb4_bin&tinyInt1isBit=false"
                + "&yearIsDateType=false&allowPublicKeyRetrieval=true&useSSL=false";
    }

    /** A root connection (no password) to {@code database}, or to no database when it is null. */
    public Connection root(String database) throws SQLException {
        return DriverManager.getConnection(database == null ? serverUrl() + "/?useSSL=false" : url(database), "root", "");
    }

    /** Runs statements as root in {@code database} (null: none). */
    public void exec(String database, String... sql) throws SQLException {
        try (Connection c = root(database); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /**
     * Stops the server (SIGTERM, a clean shutdown) and starts it again on the same port and data: its binlog goes on
     * in a new file, and every client connection, binlog readers included, is cut.
     */
    public void restart() throws IOException, SQLException, InterruptedException {
        close();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadb.log").toFile())).start();
        awaitReady();
    }

    /** The directory the server runs in. */
    public Path dir() {
        return dir;
    }

    private void awaitReady() throws SQLException {
        try (Connection c = StartingServer.awaitConnection(process, Duration.ofSeconds(60), () -> root(null))) {
            // ready
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\n" + log(), e);
        }
    }

    private String log() {
        return StartingServer.log(dir);
    }

    @Override
    public void close() {
        StartingServer.stop(process);
    }
}
