package io.mysqlmongosync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) started as an operator would start it. */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
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
        return new ServiceProcess(pb.start(), log);
    }

    /**
     * The environment of a packaged service syncing {@code tables} of the test MariaDB's {@code database} into
     * {@code mongoDatabase} at {@code mongoUri}: scheduler on with runs a day apart (the first one at once), 1 s ticks,
     * readable logs, no API authentication, a free HTTP port. Callers add or replace what they need.
     */
    public static Map<String, String> syncEnv(String database, String mongoUri, String mongoDatabase, String tables)
            throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("MYSQL_HOST", "127.0.0.1");
        env.put("MYSQL_PORT", Integer.toString(TestDatabase.port()));
        env.put("MYSQL_USER", TestDatabase.user());
        env.put("MYSQL_PASSWORD", TestDatabase.password());
        env.put("MYSQL_DATABASE", database);
        env.put("MONGODB_URI", mongoUri);
        env.put("MONGODB_DATABASE", mongoDatabase);
        env.put("SYNC_TABLES", tables);
        env.put("SYNC_ENABLED", "true");
        env.put("SYNC_INTERVAL_MINUTES", "1440");
        env.put("SYNC_TICK", "1s");
        env.put("SYNC_API_AUTH", "none");
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        return env;
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

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Everything the service printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the output contains {@code text}. */
    public boolean awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(200);
        }
        return false;
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
