package io.mysqlmongosync.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) started as an operator would start it: the one
 * fixture of the packaged tests to start it, call its HTTP API, kill, stop (SIGTERM) or freeze it (SIGSTOP), read its
 * output and wait for what it does.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final Map<String, String> env;

    private ServiceProcess(Process process, Path log, Map<String, String> env) {
        this.process = process;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    /** Starts the jar with {@code env} added to this JVM's environment and {@code jvmArgs} before -jar. */
    public static ServiceProcess start(Map<String, String> env, String... jvmArgs) throws IOException {
        List<String> java = new ArrayList<>(aotCache().map(cache -> List.of(System.getProperty("aot.java"),
                "-XX:AOTCache=" + cache)).orElse(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString())));
        java.addAll(List.of(jvmArgs));
        return start(env, java);
    }

    /** Starts the jar with the JVM {@code java} (its path, then its options) and {@code env}. */
    public static ServiceProcess start(Map<String, String> env, List<String> java) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the packaged tests through ./mvnw verify");
        }
        List<String> cmd = new ArrayList<>(java);
        cmd.add("-jar");
        cmd.add(jar.toString());
        Path log = Files.createTempFile("service-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new ServiceProcess(pb.start(), log, env);
    }

    /**
     * The AOT cache the build trained ({@code aot.cache}, set by failsafe to target/quarkus-app/app.aot) when it
     * exists and the Java 25 that trained it ({@code aot.java}) is there: the packaged tests then start the service
     * the fast way, as README, demo and image do; otherwise the tests' own JVM runs the jar without a cache.
     */
    public static Optional<Path> aotCache() {
        String cache = System.getProperty("aot.cache", "");
        String java = System.getProperty("aot.java", "");
        return !cache.isBlank() && Files.isRegularFile(Path.of(cache)) && !java.isBlank() && Files.isExecutable(Path.of(java))
                ? Optional.of(Path.of(cache)) : Optional.empty();
    }

    /**
     * The {@code -XX:} flags of the JVM image's {@code JAVA_OPTS_APPEND} line (src/main/docker/Dockerfile.jvm): the
     * JIT settings that ship, which the benchmark and the AOT training run start the service with.
     */
    public static List<String> imageJvmFlags() {
        List<String> flags = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm"))) {
                if (line.startsWith("ENV JAVA_OPTS_APPEND=")) {
                    for (String t : line.replace("\"", " ").split("\\s+")) {
                        if (t.startsWith("-XX:") && !t.startsWith("-XX:AOTCache")) {
                            flags.add(t);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the JVM flags of src/main/docker/Dockerfile.jvm", e);
        }
        return flags;
    }

    /** Starts a Java main class of the test classpath in its own JVM. */
    public static Process startJava(String mainClass, String maxHeap, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** A free local port. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for the process to exit; returns its exit code, or null when it still runs after {@code timeout}. */
    public Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Kills the process without warning (SIGKILL, as {@code kill -9}) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM, as Kubernetes stops a pod, without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** Freezes the process (SIGSTOP), as a long GC pause or a stopped VM would: it keeps its sockets, does nothing. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Sends {@code signal} (e.g. TERM, STOP, CONT) with kill(1). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The environment it was started with. */
    public Map<String, String> env() {
        return env;
    }

    /** Its HTTP port (QUARKUS_HTTP_PORT). */
    public int port() {
        return Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
    }

    /** Everything the service printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** The last {@code chars} characters the service printed, for failure messages. */
    public String tail(int chars) {
        try {
            String out = output();
            return out.length() > chars ? out.substring(out.length() - chars) : out;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Waits until the output contains {@code text}; false when it does not within {@code timeout} or the process ended. */
    public boolean awaitOutput(String text, Duration timeout) throws IOException {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> !alive() || output().contains(text));
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return output().contains(text);
    }

    /**
     * Waits until {@code condition} holds, checking it every {@code poll}; fails with {@code what} and the service's
     * output when it does not within {@code timeout} or the process ends first.
     */
    public void awaitUntil(String what, Duration timeout, Duration poll, Callable<Boolean> condition) {
        if (awaitValue(timeout, poll, () -> condition.call() ? Boolean.TRUE : null) == null) {
            throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "\n" + tail(8000));
        }
    }

    /**
     * The first non-null value {@code probe} returns, checked every {@code poll}; null when there is none within
     * {@code timeout}. Fails at once, with the service's output, when the process ends first.
     */
    public <T> T awaitValue(Duration timeout, Duration poll, Callable<T> probe) {
        AtomicReference<T> value = new AtomicReference<>();
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll).until(() -> {
                if (!alive()) {
                    throw new AssertionError("the service ended (exit code " + process.exitValue() + ")\n" + tail(8000));
                }
                value.set(probe.call());
                return value.get() != null;
            });
        } catch (ConditionTimeoutException e) {
            return null;
        }
        return value.get();
    }

    /** Calls {@code method path} with {@code jsonBody} (none when null) and {@code headers} (name, value, ...). */
    public HttpResponse<String> http(String method, String path, String jsonBody, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POST /sync/trigger with {@code jsonBody} (all tables when null); the HTTP status (202 started, 409 a run is
     * already active), or -1 when it did not answer within 30 s (a process busy starting up on a loaded machine).
     */
    public int trigger(String jsonBody) throws IOException, InterruptedException {
        try {
            return http("POST", "/sync/trigger", jsonBody).statusCode();
        } catch (HttpTimeoutException e) {
            return -1;
        }
    }

    /** Waits (90 s at most) until GET {@code path} answers a body containing {@code expected}; returns that body. */
    public String awaitBody(String path, String expected) {
        AtomicReference<String> last = new AtomicReference<>("");
        String body = awaitValue(Duration.ofSeconds(90), Duration.ofMillis(500), () -> {
            try {
                last.set(http("GET", path, null).body());
            } catch (IOException notYet) {
                last.set(notYet.toString());
            }
            return last.get().contains(expected) ? last.get() : null;
        });
        if (body == null) {
            throw new AssertionError(path + " never contained " + expected + ": " + last.get() + "\n" + tail(8000));
        }
        return body;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
