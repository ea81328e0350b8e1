package io.mysqlmongosync.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small file and port helpers of the demo start-up. */
final class DemoFiles {

    private DemoFiles() {
    }

    /** Removes {@code dir} and everything in it (DEMO_RESET=true). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Fails early, naming the variable to change, when a port is taken (often by an earlier demo still running),
     * instead of MariaDB timing out or the Mongo server failing deep in Netty.
     */
    static void requireFreePort(int port, String variable) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on 127.0.0.1 is in use (another demo still running?);"
                    + " stop it or choose another port with " + variable + "=<port>");
        }
    }
}
