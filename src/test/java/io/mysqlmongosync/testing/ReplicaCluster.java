package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Several packaged service processes (named p1, p2, ...) on one MariaDB database and one in-process MongoDB
 * target, each its own lease owner (SYNC_OWNER) and MongoDB application name (so the target can tell their writes
 * apart, see {@link LeaseAuditingBackend}).
 */
public final class ReplicaCluster implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
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
            int port = ServiceProcess.freePort();
            Map<String, String> env = new HashMap<>(baseEnv);
            env.put("SYNC_OWNER", name);
            env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/?appName=" + name);
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            ports.put(name, port);
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
     * POST /sync/trigger on {@code name} with {@code jsonBody} (null: all tables); returns the HTTP status
     * (202 started, 409 a run is already active there), or -1 when it did not answer within 30 s (a process busy
     * starting up on a loaded machine).
     */
    public int trigger(String name, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(name) + "/sync/trigger"))
                .timeout(Duration.ofSeconds(30));
        b = jsonBody == null ? b.POST(HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
            return -1;
        }
    }

    /** Sends {@code signal} (e.g. STOP, CONT) to process {@code name} with kill(1). */
    public void signal(String name, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(name).pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + name + " failed");
        }
    }

    /**
     * Polls {@code condition} every 100 ms until it holds or {@code timeout} passes; returns whether it held.
     */
    public static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** The last {@code chars} characters each process printed, for failure messages. */
    public String outputs(int chars) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ServiceProcess> e : processes.entrySet()) {
            String out;
            try {
                out = e.getValue().output();
            } catch (IOException ex) {
                out = "(no output: " + ex.getMessage() + ")";
            }
            sb.append("\n===== ").append(e.getKey()).append(" =====\n")
                    .append(out.length() > chars ? out.substring(out.length() - chars) : out);
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
                    signal(e.getKey(), "CONT"); // a stopped process cannot handle SIGTERM
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
