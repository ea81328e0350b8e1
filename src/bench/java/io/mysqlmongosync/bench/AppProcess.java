package io.mysqlmongosync.bench;

import io.mysqlmongosync.testing.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service under test, started as its own process from the packaged jar with a fixed {@code -Xmx},
 * driven through its REST API and observed from outside: RSS from /proc, heap from its Micrometer
 * endpoint and from a GC log ({@code -Xlog:gc}), CPU time from /proc/&lt;pid&gt;/stat.
 */
final class AppProcess implements AutoCloseable {

    private static final Pattern GC_LINE = Pattern.compile(
            "^\\[([\\d.]+)s\\].*GC\\(\\d+\\) (Pause .*?) (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final long pid;
    final int port;
    final Path dir;
    final Path gcLog;
    private final long startNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AppProcess(Process process, int port, Path dir, Path gcLog, long startNanos) {
        this.process = process;
        this.pid = process.pid();
        this.port = port;
        this.dir = dir;
        this.gcLog = gcLog;
        this.startNanos = startNanos;
    }

    static AppProcess start(String java, Path jar, Path dir, String xmx, int port, Map<String, String> env)
            throws IOException {
        return start(java, jar, dir, xmx, port, env, List.of());
    }

    /** As above, with {@code jvmFlags} after the image's flags and BENCH_APP_JAVA_OPTS (a variant's own flags). */
    static AppProcess start(String java, Path jar, Path dir, String xmx, int port, Map<String, String> env,
            List<String> jvmFlags) throws IOException {
        Files.createDirectories(dir);
        Path gcLog = dir.resolve("gc.log");
        Files.deleteIfExists(gcLog);
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-Xlog:gc:file=" + gcLog + ":uptime",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
        cmd.addAll(shippedJvmFlags());
        String extra = System.getenv("BENCH_APP_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("app.log").toFile());
        long t = System.nanoTime();
        return new AppProcess(pb.start(), port, dir, gcLog, t);
    }

    /**
     * The JVM flags ({@code -XX:}) the JVM image starts the service with (the {@code JAVA_OPTS_APPEND} line of
     * src/main/docker/Dockerfile.jvm), so the benchmark measures the settings that ship; BENCH_APP_JAVA_OPTS comes
     * after them and can override them.
     */
    static List<String> shippedJvmFlags() {
        return ServiceProcess.imageJvmFlags();
    }

    /** Seconds since the process was started (about the JVM's uptime, as in the GC log). */
    double uptime() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Waits for the readiness endpoint; returns the seconds it took from process start. */
    double awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited with " + process.exitValue() + "; see "
                        + dir.resolve("app.log"));
            }
            try {
                HttpResponse<String> r = get("/q/health/ready");
                if (r.statusCode() == 200) {
                    return uptime();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The service was not ready within " + timeout + "; see " + dir.resolve("app.log"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** POST /sync/trigger; returns the run id. */
    String trigger(List<String> tables, boolean forceFull) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tables", tables);
        body.put("force_full_sync", forceFull);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sync/trigger"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /sync/trigger answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("run_id").asText();
    }

    /** The history entry of run {@code id} (GET /sync/history). */
    JsonNode run(String id) throws IOException, InterruptedException {
        for (JsonNode n : getJson("/sync/history?limit=10")) {
            if (id.equals(n.path("id").asText())) {
                return n;
            }
        }
        throw new IllegalStateException("Run " + id + " is not in /sync/history");
    }

    /** Heap used in MiB per the service's own Micrometer JVM binder, or -1. */
    double heapUsedMb() {
        try {
            HttpResponse<String> r = get("/q/metrics");
            double sum = 0;
            boolean found = false;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum / 1048576.0 : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** VmRSS / VmHWM (peak RSS) in MiB from /proc/&lt;pid&gt;/status. */
    double[] rssMb() {
        return rssMb(pid);
    }

    static double[] rssMb(long pid) {
        double rss = -1;
        double hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // process gone
        }
        return new double[] {rss, hwm};
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** User + system CPU seconds of process {@code pid} so far, or -1. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(3) ... utime(14) stime(15) -> indexes 11 and 12 here
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds of the live threads of {@code pid} by kind, from /proc/&lt;pid&gt;/task/*&#47;stat: "JIT compiler C1"
     * and "C2", "GC", "sync (load ranges, read-ahead, run)", "MongoDB driver", "HTTP" (the harness's polls), "other". Threads that ended are not
     * listed (the caller attributes the rest of the process CPU to them).
     */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    out.merge(threadKind(comm), cpu, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return out;
    }

    /** The kind of a thread by its (15-character) Linux name. */
    static String threadKind(String comm) {
        if (comm.startsWith("C1 Compiler")) {
            return "JIT compiler C1";
        }
        if (comm.startsWith("C2 Compiler") || comm.startsWith("Compiler")) {
            return "JIT compiler C2";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return "GC and VM";
        }
        if (comm.startsWith("sync-") || comm.contains("range")) {
            return "sync (run, ranges, read-ahead)";
        }
        if (comm.startsWith("cluster-") || comm.startsWith("MaintenanceTim")) {
            return "MongoDB driver";
        }
        if (comm.startsWith("executor-thread") || comm.startsWith("vert.x-")) {
            return "HTTP (harness polls: status, metrics)";
        }
        return "other";
    }

    /** Runs a JDK tool against this process (jcmd/jstat) and returns its output. */
    String tool(String name, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", name).toString());
        if (name.equals("jstat")) {
            cmd.addAll(List.of(args));
            cmd.add(Long.toString(pid));
        } else {
            cmd.add(Long.toString(pid));
            cmd.addAll(List.of(args));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(" + name + " failed: " + e.getMessage() + ")";
        }
    }

    /** GC pauses logged between uptimes {@code from} and {@code to} (seconds). */
    Map<String, Object> gcBetween(double from, double to) {
        return gcBetween(gcLog, from, to);
    }

    /** GC pauses in the {@code -Xlog:gc:...:uptime} log {@code gcLog} between two uptimes. */
    static Map<String, Object> gcBetween(Path gcLog, double from, double to) {
        List<String> lines;
        try {
            lines = Files.readAllLines(gcLog);
        } catch (IOException e) {
            return Map.of("error", e.getMessage());
        }
        int count = 0;
        int full = 0;
        double pauseMs = 0;
        double maxPauseMs = 0;
        long maxBefore = 0;
        long maxAfter = 0;
        long committed = 0;
        for (String line : lines) {
            Matcher m = GC_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            double at = Double.parseDouble(m.group(1));
            if (at < from || at > to) {
                continue;
            }
            count++;
            if (m.group(2).startsWith("Pause Full")) {
                full++;
            }
            double ms = Double.parseDouble(m.group(6));
            pauseMs += ms;
            maxPauseMs = Math.max(maxPauseMs, ms);
            maxBefore = Math.max(maxBefore, Long.parseLong(m.group(3)));
            maxAfter = Math.max(maxAfter, Long.parseLong(m.group(4)));
            committed = Math.max(committed, Long.parseLong(m.group(5)));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("pauses", count);
        r.put("full_gcs", full);
        r.put("pause_total_ms", Math.round(pauseMs * 10) / 10.0);
        r.put("pause_max_ms", Math.round(maxPauseMs * 10) / 10.0);
        r.put("heap_peak_before_gc_mb", maxBefore);
        r.put("heap_max_after_gc_mb", maxAfter);
        r.put("heap_committed_max_mb", committed);
        return r;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
