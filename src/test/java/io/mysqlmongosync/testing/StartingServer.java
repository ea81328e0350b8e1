package io.mysqlmongosync.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A database server process this JVM starts from a fresh directory (the private MariaDB servers of the binlog and TLS
 * tests): its set-up commands, its first connection, its stop.
 */
final class StartingServer {

    private StartingServer() {
    }

    /**
     * The first connection {@code connect} opens to {@code server} within {@code timeout}; the last refusal when
     * there is none by then or the server process ended.
     */
    static Connection awaitConnection(Process server, Duration timeout, Callable<Connection> connect)
            throws SQLException {
        AtomicReference<Connection> connection = new AtomicReference<>();
        AtomicReference<SQLException> refused = new AtomicReference<>();
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    connection.set(connect.call());
                } catch (SQLException e) {
                    refused.set(e);
                }
                return connection.get() != null || !server.isAlive();
            });
        } catch (ConditionTimeoutException e) {
            // the last refusal is thrown below
        }
        if (connection.get() == null) {
            throw refused.get() != null ? refused.get() : new SQLException("no connection within " + timeout);
        }
        return connection.get();
    }

    /** Runs {@code command} in {@code dir} (two minutes at most); fails with its output when it does not succeed. */
    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve("command.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(out));
        }
    }

    /** Deletes {@code root} and everything below it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.delete(paths.get(i));
        }
    }

    /** Stops {@code server} with SIGTERM, with SIGKILL when it still runs 30 s later. */
    static void stop(Process server) {
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What the server in {@code dir} logged (its mariadb.log), or nothing when there is no log. */
    static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("mariadb.log"));
        } catch (IOException e) {
            return "";
        }
    }
}
