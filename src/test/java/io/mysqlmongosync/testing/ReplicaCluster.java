package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several packaged service processes (named p1, p2, ...) on one MariaDB database and one in-process MongoDB
 * target, each its own lease owner (SYNC_OWNER) and MongoDB application name (so the target can tell their writes
 * apart, see {@link LeaseAuditingBackend}).
 */
public final class ReplicaCluster implements AutoCloseable {

    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final MongoServer mongo;
    private final Map<String, String> baseEnv;
    private final String startedAt = java.time.LocalTime.now().withNano(0).toString().replace(":", "");

    /** {@code baseEnv}: the settings every process shares (MONGODB_URI is set per process from {@code mongo}). */
    public ReplicaCluster(MongoServer mongo, Map<String, String> baseEnv) {
        this.mongo = mongo;
        this.baseEnv = Map.copyOf(baseEnv);
    }

    /** Starts {@code count} processes p1..p{count} at once (each with a 512 MB heap). */
    public void start(int count) throws IOException {
        for (int i = 1; i <= count; i++) {
            String name = "p" + i;
            Map<String, String> env = ServiceEnv.with(baseEnv, "SYNC_OWNER", name, "MONGODB_URI", "mongodb://127.0.0.1:"
                    + mongo.getLocalAddress().getPort() + "/?appName=" + name, "QUARKUS_HTTP_PORT",
                    String.valueOf(ServiceProcess.freePort()));
            processes.put(name, ServiceProcess.start(env, "-Xmx512m"));
        }
    }

    /** Waits until every process listens for HTTP; false (after {@code timeout}) otherwise. */
    public boolean awaitListening(Duration timeout) throws IOException, InterruptedException {
        for (ServiceProcess p : processes.values()) {
            if (!p.awaitOutput("Listening on", timeout)) {
                return false;
            }
        }
        return true;
    }

    /** The process named {@code name}. */
    public ServiceProcess get(String name) {
        return processes.get(name);
    }

    /** The process names. */
    public List<String> names() {
        return new ArrayList<>(processes.keySet());
    }

    /**
     * POST /sync/trigger on {@code name} with {@code jsonBody} (null: all tables); see {@link ServiceProcess#trigger}.
     */
    public int trigger(String name, String jsonBody) throws IOException, InterruptedException {
        return processes.get(name).trigger(jsonBody);
    }

    /** The last {@code chars} characters each process printed, for failure messages. */
    public String outputs(int chars) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ServiceProcess> e : processes.entrySet()) {
            sb.append("\n===== ").append(e.getKey()).append(" =====\n").append(e.getValue().tail(chars));
        }
        return sb.toString();
    }

    /**
     * Stops every process (a stopped one is continued first) and keeps its output in
     * {@code target/several-processes/<start time>-<name>.log}.
     */
    @Override
    public void close() throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "several-processes");
        java.nio.file.Files.createDirectories(dir);
        for (Map.Entry<String, ServiceProcess> e : processes.entrySet()) {
            java.nio.file.Files.writeString(dir.resolve(startedAt + "-" + e.getKey() + ".log"), e.getValue().output());
        }
        for (Map.Entry<String, ServiceProcess> e : processes.entrySet()) {
            if (e.getValue().alive()) {
                try {
                    e.getValue().thaw(); // a frozen process cannot handle SIGTERM
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                } catch (IOException | IllegalStateException ignored) {
                    // closing anyway
                }
            }
            e.getValue().close();
        }
    }
}
