package io.mysqlmongosync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: for each row count, generate {@code mms_bench} in MariaDB, measure the raw source read and
 * the raw target write, then start the packaged service as its own process (fixed -Xmx) and measure its
 * initial load, an incremental pass after touching 1% of the rows and a pass with no changes, from outside
 * (REST, /proc, GC log, optionally JFR). Writes target/bench/report.json and throughput.svg.
 *
 * <p>Settings (environment): BENCH_ROWS (comma-separated counts, default 1000000; -Dbench.rows wins),
 * BENCH_APP_XMX (256m), BENCH_BATCH_SIZE (1000), BENCH_HTTP_PORT (18090), BENCH_JFR (false: profile the
 * initial load with JFR), BENCH_SKIP_RAW (false), BENCH_COMPOSITE (true: also load order_items),
 * MONGODB_URI (a real MongoDB instead of mongo-java-server in a separate JVM), BENCH_MONGO_XMX (12g),
 * BENCH_MONGO_JAVA_OPTS (-XX:+UseG1GC), BENCH_MONGO_STUB_COLLECTIONS (see {@link MongoServerMain}),
 * BENCH_APP_JAVA_OPTS (extra options for the service's JVM),
 * BENCH_MONGODB_DATABASE (bench; dropped and re-created for each size), TEST_MYSQL_URL/USER/PASSWORD,
 * BENCH_RAW_UPSERT (true: also measure find + bulk upsert, the slowest raw step, after insertMany),
 * BENCH_SKIP_COPIER (false: run bench/batched_copier.py, the hand-written reference, after the raw benchmarks),
 * BENCH_PYTHON (/usr/bin/python3, with Debian's python3-pymysql and python3-pymongo).
 * BENCH_MODE=cdc runs {@link CdcBench} instead (binlog capture lag at steady write rates; bench/run.sh cdc).
 */
public final class BenchMain {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private final Path out;
    private final Path jar;
    private final String java;
    private final String appXmx = env("BENCH_APP_XMX", "256m");
    private final int batchSize = Integer.parseInt(env("BENCH_BATCH_SIZE", "1000"));
    private final boolean jfr = Boolean.parseBoolean(env("BENCH_JFR", "false"));
    private final boolean skipRaw = Boolean.parseBoolean(env("BENCH_SKIP_RAW", "false"));
    private final boolean composite = Boolean.parseBoolean(env("BENCH_COMPOSITE", "true"));
    private final boolean skipCopier = Boolean.parseBoolean(env("BENCH_SKIP_COPIER", "false"));
    private final boolean rawUpsert = Boolean.parseBoolean(env("BENCH_RAW_UPSERT", "true"));
    private final String python = env("BENCH_PYTHON", "/usr/bin/python3");
    private final String mongoDbName = env("BENCH_MONGODB_DATABASE", "bench");
    /** BENCH_JVMS: the JVMs to compare (bench/run.sh jvms), empty for the usual run; see {@link #compareJvms}. */
    private final List<String> jvms = List.of(env("BENCH_JVMS", "").split("\\s*;\\s*")).stream()
            .filter(v -> !v.isBlank()).toList();
    private final int jvmRepeats = Integer.parseInt(env("BENCH_JVM_REPEATS", "3"));
    private String mongoUri;
    private long mongoPid = -1;
    private long mariadbPid = -1;
    private long mongoStartNanos;
    private MongoClient mongo;

    private BenchMain(Path out, Path jar) {
        this.out = out;
        this.jar = jar;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static void main(String[] args) throws Exception {
        String spec = args.length > 0 ? String.join(",", args) : System.getProperty("bench.rows", "");
        if (spec.isBlank() || "cdc".equals(env("BENCH_MODE", ""))) {
            spec = env("BENCH_ROWS", "1000000");
        }
        List<Long> sizes = new ArrayList<>();
        for (String s : spec.split("[,\\s]+")) {
            if (!s.isBlank()) {
                sizes.add(Long.parseLong(s.replace("_", "").replaceAll("(?i)k$", "000").replaceAll("(?i)m$", "000000")));
            }
        }
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("bench.appJar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -DskipTests package (or bench/run.sh)");
        }
        Files.createDirectories(out);
        if ("cdc".equals(env("BENCH_MODE", ""))) {
            CdcBench.main(out, jar); // bench/run.sh cdc: binlog capture lag at steady write rates
            return;
        }
        new BenchMain(out, jar).run(sizes);
    }

    private void run(List<Long> sizes) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started_at", Instant.now().toString());
        report.put("environment", environment());
        Process mongoServer = null;
        try {
            mongoServer = startMongo();
            mongo = MongoClients.create(mongoUri);
            report.put("settings", Map.of("rows", sizes, "app_xmx", appXmx, "batch_size", batchSize, "jfr", jfr,
                    "target", mongoServer == null ? "MongoDB at MONGODB_URI" : "mongo-java-server (memory backend, own JVM)",
                    "mongodb_database", mongoDbName, "app_jvm_flags", String.join(" ", AppProcess.shippedJvmFlags())
                            + " " + env("BENCH_APP_JAVA_OPTS", "")));
            List<Map<String, Object>> results = new ArrayList<>();
            List<Charts.Series> series = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                long rows = sizes.get(i);
                Map<String, Object> r = runSize(rows);
                results.add(r);
                @SuppressWarnings("unchecked")
                List<Charts.Sample> samples = (List<Charts.Sample>) r.remove("_samples");
                if (samples != null) { // none in the JVM comparison
                    series.add(new Charts.Series(String.format(Locale.ROOT, "%,d rows, -Xmx%s", rows, appXmx),
                            samples, COLORS[i % COLORS.length]));
                    Files.writeString(out.resolve("throughput-" + rows + ".svg"), Charts.throughputSvg(
                            String.format(Locale.ROOT, "Initial load of %,d products rows (-Xmx%s)", rows, appXmx),
                            List.of(series.get(series.size() - 1))));
                }
                report.put("results", results);
                Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(report));
            }
            if (!series.isEmpty()) {
                Files.writeString(out.resolve("throughput.svg"), Charts.throughputSvg(
                        "mysql-mongo-sync initial load: throughput (solid) and heap used (dashed)", series));
            }
            report.put("finished_at", Instant.now().toString());
            Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(report));
            String table = jvms.isEmpty() ? table(results) : jvmTable(results);
            Files.writeString(out.resolve("summary.txt"), table);
            System.out.println();
            System.out.println(table);
            System.out.println("Report: " + out.resolve("report.json") + "  Chart: " + out.resolve("throughput.svg"));
        } finally {
            if (mongo != null) {
                mongo.close();
            }
            if (mongoServer != null) {
                mongoServer.getOutputStream().close();
                if (!mongoServer.waitFor(20, TimeUnit.SECONDS)) {
                    mongoServer.destroyForcibly();
                }
            }
        }
    }

    private Map<String, Object> runSize(long rows) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rows", rows);
        Path dir = out.resolve(Long.toString(rows));
        Files.createDirectories(dir);

        log("=== " + String.format(Locale.ROOT, "%,d", rows) + " rows ===");
        long t = System.nanoTime();
        SourceDb.generate(rows, this::log);
        double genSecs = secs(t);
        r.put("generate_seconds", RawBenchmarks.round(genSecs));
        log(String.format(Locale.ROOT, "generated in %.1f s", genSecs));
        String columns;
        try (Connection c = SourceDb.connect(SourceDb.DATABASE)) {
            columns = SourceDb.productColumns(c);
            r.put("source_table_mb", tableMb(c));
        }

        MongoDatabase db = mongo.getDatabase(mongoDbName);
        db.drop();
        if (!skipRaw) {
            Map<String, Object> raw = new LinkedHashMap<>();
            RawBenchmarks.warmUp(columns, db);
            raw.put("read_streaming", logged("raw read (one streamed SELECT)", RawBenchmarks.streamingRead(columns)));
            raw.put("read_keyset_pages", logged("raw read (keyset pages of 1000)", RawBenchmarks.keysetRead(columns)));
            raw.put("write_insert_many", logged("raw write (insertMany, unordered, 1000)", RawBenchmarks.insertMany(db, rows)));
            if (rawUpsert) {
                raw.put("write_find_then_upsert", logged("raw write (find $in + bulk ReplaceOne upsert, 1000)",
                        RawBenchmarks.findThenUpsert(db, rows)));
            }
            r.put("raw", raw);
        }
        db.drop();
        if (!skipCopier) {
            r.put("copier", copier(dir));
        }
        if (!jvms.isEmpty()) {
            r.put("jvms", compareJvms(rows, dir));
            db.drop();
            return r;
        }

        int port = freePort(Integer.parseInt(env("BENCH_HTTP_PORT", "18090")));
        Map<String, String> env = serviceEnv(port);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("xmx", appXmx);
        app.put("http_port", port);
        r.put("service", app);
        mariadbPid = mariadbPid();
        try (AppProcess svc = AppProcess.start(java, jar, dir, appXmx, port, env)) {
            double ready = svc.awaitReady(Duration.ofSeconds(120));
            app.put("pid", svc.pid);
            app.put("startup_seconds", RawBenchmarks.round(ready));
            app.put("rss_after_startup_mb", Math.round(svc.rssMb()[0]));
            app.put("heap_after_startup_mb", Math.round(svc.heapUsedMb()));
            log(String.format(Locale.ROOT, "service pid %d ready in %.1f s (RSS %.0f MiB)", svc.pid, ready, svc.rssMb()[0]));

            // ---- initial load ------------------------------------------------------------------------
            if (jfr) {
                log(svc.tool("jcmd", "JFR.start", "name=bench", "settings=profile",
                        "filename=" + dir.resolve("initial-load.jfr")).trim());
            }
            double cpuApp0 = AppProcess.cpuSeconds(svc.pid);
            Map<String, Double> threads0 = AppProcess.threadCpuSeconds(svc.pid);
            double cpuMongo0 = AppProcess.cpuSeconds(mongoPid);
            double cpuDb0 = AppProcess.cpuSeconds(mariadbPid);
            double machine0 = machineBusySeconds();
            double up0 = svc.uptime();
            List<Charts.Sample> samples = new ArrayList<>();
            Map<String, Object> load = pass(svc, "products", true, 1000, rows, samples, dir);
            double up1 = svc.uptime();
            double serviceCpu = AppProcess.cpuSeconds(svc.pid) - cpuApp0;
            load.put("cpu_seconds_service", round1(serviceCpu));
            load.put("cpu_us_per_row_service", Math.round(serviceCpu * 1e6 / Math.max(1, rows)));
            load.put("cpu_seconds_service_by_thread", threadCpuBetween(threads0, AppProcess.threadCpuSeconds(svc.pid),
                    serviceCpu));
            long pages = (rows + batchSize - 1) / batchSize;
            load.put("pages", pages);
            load.put("cpu_ms_per_page_service", RawBenchmarks.round(serviceCpu * 1000 / pages));
            if (mongoPid > 0) {
                load.put("cpu_seconds_mongo_server", round1(AppProcess.cpuSeconds(mongoPid) - cpuMongo0));
            }
            if (mariadbPid > 0) {
                load.put("cpu_seconds_mariadb", round1(AppProcess.cpuSeconds(mariadbPid) - cpuDb0));
            }
            double machine = machineBusySeconds() - machine0;
            double ours = AppProcess.cpuSeconds(svc.pid) - cpuApp0 + Math.max(0, AppProcess.cpuSeconds(mongoPid) - cpuMongo0)
                    + Math.max(0, AppProcess.cpuSeconds(mariadbPid) - cpuDb0);
            load.put("cpu_seconds_machine", round1(machine));
            load.put("cpu_seconds_other_processes", round1(machine - ours));
            load.put("cpu_cores_available", Runtime.getRuntime().availableProcessors());
            load.put("gc", svc.gcBetween(up0, up1));
            load.put("jstat_gc_after", svc.tool("jstat", "-gcutil").trim());
            double[] rss = svc.rssMb();
            load.put("rss_now_mb", Math.round(rss[0]));
            load.put("rss_peak_mb", Math.round(rss[1]));
            load.put("target_count", db.getCollection("products").countDocuments());
            if (jfr) {
                log(svc.tool("jcmd", "JFR.stop", "name=bench").trim());
                load.put("profile", JfrSummary.summarize(dir.resolve("initial-load.jfr"), "sync-"));
            }
            r.put("initial_load", load);
            r.put("_samples", samples);
            log(String.format(Locale.ROOT, "initial load: %,d rows in %.1f s = %,d rows/s; heap peak %s MiB (sampled %s), "
                    + "RSS peak %d MiB, GC %s", rows, (double) load.get("wall_seconds"), load.get("rows_per_s"),
                    ((Map<?, ?>) load.get("gc")).get("heap_peak_before_gc_mb"), load.get("heap_sampled_max_mb"),
                    Math.round(rss[1]), load.get("gc")));

            // ---- composite key table -----------------------------------------------------------------
            if (composite) {
                if (jfr) {
                    svc.tool("jcmd", "JFR.start", "name=items", "settings=profile",
                            "filename=" + dir.resolve("order-items-load.jfr"));
                }
                List<Charts.Sample> itemSamples = new ArrayList<>();
                Map<String, Object> items = pass(svc, "order_items", true, 1000, rows / 10 * 3, itemSamples, null);
                if (jfr) {
                    svc.tool("jcmd", "JFR.stop", "name=items");
                    items.put("profile", JfrSummary.summarize(dir.resolve("order-items-load.jfr"), "sync-"));
                }
                Files.writeString(out.resolve("throughput-order_items-" + rows + ".svg"), Charts.throughputSvg(
                        String.format(Locale.ROOT, "Initial load of %,d order_items rows, composite key (-Xmx%s)",
                                rows / 10 * 3, appXmx), List.of(new Charts.Series("order_items", itemSamples, COLORS[1]))));
                r.put("initial_load_order_items", items);
                log(String.format(Locale.ROOT, "order_items (composite key) load: %s rows in %s s = %s rows/s",
                        items.get("read"), items.get("wall_seconds"), items.get("rows_per_s")));
            }

            // ---- incremental: 1% of the rows changed --------------------------------------------------
            long changed;
            try (Connection c = SourceDb.connect(SourceDb.DATABASE); Statement s = c.createStatement()) {
                long u = System.nanoTime();
                changed = s.executeUpdate("UPDATE products SET updated_at = NOW(6) WHERE id % 100 = 0");
                r.put("update_1pct", Map.of("rows", changed, "seconds", RawBenchmarks.round(secs(u))));
            }
            Thread.sleep(3500); // past SYNC_SAFETY_LAG_SECONDS (2 s), so the changes are below the pass's upper bound
            if (jfr) {
                svc.tool("jcmd", "JFR.start", "name=inc", "settings=profile", "filename=" + dir.resolve("incremental.jfr"));
            }
            Map<String, Object> inc = pass(svc, "products", false, 100, changed, null, dir);
            if (jfr) {
                svc.tool("jcmd", "JFR.stop", "name=inc");
                inc.put("profile", JfrSummary.summarize(dir.resolve("incremental.jfr"), "sync-"));
                svc.tool("jcmd", "JFR.start", "name=none", "settings=profile", "filename=" + dir.resolve("no-change.jfr"));
            }
            r.put("incremental_1pct", inc);
            log(String.format(Locale.ROOT, "incremental (%,d changed): %s s, read %s, updated %s", changed,
                    inc.get("wall_seconds"), inc.get("read"), inc.get("updated")));
            Map<String, Object> none = pass(svc, "products", false, 100, 0, null, dir);
            if (jfr) {
                svc.tool("jcmd", "JFR.stop", "name=none");
                none.put("profile", JfrSummary.summarize(dir.resolve("no-change.jfr"), "sync-"));
            }
            r.put("no_change_pass", none);
            log(String.format(Locale.ROOT, "no-change pass: %s s, read %s (look-back window), updated %s",
                    none.get("wall_seconds"), none.get("read"), none.get("updated")));

            JsonNode status = svc.getJson("/sync/status");
            r.put("explain", explain(columns, status.path("tables").path("products").path("cursor"), rows, changed));
            double[] end = svc.rssMb();
            app.put("rss_peak_mb", Math.round(end[1]));
            app.put("gc_whole_run", svc.gcBetween(0, svc.uptime()));
        }
        db.drop();
        return r;
    }

    /** The service's environment: the benchmark's source and target, sync off (the harness triggers each pass). */
    private Map<String, String> serviceEnv(int port) {
        Map<String, String> env = SourceDb.serviceEnv(mongoUri, mongoDbName);
        env.put("SYNC_TABLES", composite ? "products,order_items" : "products");
        env.put("SYNC_ENABLED", "false");
        env.put("SYNC_API_AUTH", "none"); // a local process on a loopback port, driven only by this harness
        env.put("SYNC_BATCH_SIZE", Integer.toString(batchSize));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        return env;
    }

    /**
     * bench/run.sh jvms: the same cold start and initial load of {@code rows} products under each JVM of BENCH_JVMS
     * ({@code ;}-separated, each a java binary, or 17 for the JDK running this harness, or 25 for BENCH_JAVA25, with
     * its own flags; {@code {aot}} stands for the build's cache, target/quarkus-app/app.aot), BENCH_JVM_REPEATS
     * times, the JVMs taking turns so that the machine's load changes hit all of them alike. Per start: process
     * start to ready, process start to the last document (the run polled every 100 ms), the service's CPU during
     * the load per row, the CPU from process start to the last document, and the RSS after the load.
     */
    private List<Map<String, Object>> compareJvms(long rows, Path dir) throws Exception {
        String java25 = env("BENCH_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        String cache = jar.resolveSibling("app.aot").toString();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String spec : jvms) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("jvm", spec);
            v.put("starts", new ArrayList<Map<String, Object>>());
            out.add(v);
        }
        MongoDatabase db = mongo.getDatabase(mongoDbName);
        for (int rep = 0; rep < jvmRepeats; rep++) {
            for (Map<String, Object> v : out) {
                String spec = (String) v.get("jvm");
                List<String> words = new ArrayList<>(List.of(spec.replace("{aot}", cache).trim().split("\\s+")));
                String bin = words.remove(0);
                bin = "17".equals(bin) ? java : "25".equals(bin) ? java25 : bin;
                db.drop();
                int port = freePort(Integer.parseInt(env("BENCH_HTTP_PORT", "18090")));
                Map<String, Object> m = new LinkedHashMap<>();
                double machine0 = machineBusySeconds();
                try (AppProcess svc = AppProcess.start(bin, jar, dir.resolve("jvm-" + out.indexOf(v) + "-" + rep),
                        appXmx, port, serviceEnv(port), words)) {
                    m.put("ready_s", RawBenchmarks.round(svc.awaitReady(Duration.ofSeconds(120))));
                    double cpu0 = AppProcess.cpuSeconds(svc.pid);
                    Map<String, Object> load = pass(svc, "products", true, 100, rows, null, null);
                    double loaded = svc.uptime();
                    double cpu1 = AppProcess.cpuSeconds(svc.pid);
                    m.put("start_to_last_document_s", RawBenchmarks.round(loaded));
                    m.put("load_wall_s", load.get("wall_seconds"));
                    m.put("cpu_us_per_row_load", Math.round((cpu1 - cpu0) * 1e6 / rows));
                    m.put("cpu_s_start_to_last_document", round1(cpu1));
                    m.put("rss_after_load_mb", Math.round(svc.rssMb()[0]));
                    m.put("created", load.get("created"));
                    m.put("run_status", load.get("run_status"));
                }
                m.put("cpu_s_machine_whole_start", round1(machineBusySeconds() - machine0));
                m.put("load_average", loadAverage());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> starts = (List<Map<String, Object>>) v.get("starts");
                starts.add(m);
                log(String.format(Locale.ROOT, "%-40s ready %s s, last document %s s after start, %s µs/row, RSS %s MiB,"
                        + " load average %s", spec, m.get("ready_s"), m.get("start_to_last_document_s"),
                        m.get("cpu_us_per_row_load"), m.get("rss_after_load_mb"), m.get("load_average")));
            }
        }
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "-";
        }
    }

    /** The summary of bench/run.sh jvms: per JVM the median and the range of each figure, and the copier. */
    @SuppressWarnings("unchecked")
    private static String jvmTable(List<Map<String, Object>> results) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> r : results) {
            long rows = (long) r.get("rows");
            Object copierRate = at(r, "copier", "insert_many", "rows_per_s");
            Object copierSecs = at(r, "copier", "insert_many", "seconds");
            sb.append(String.format(Locale.ROOT, "%,d rows; median (min-max) of %d starts each%n", rows,
                    ((List<?>) ((Map<String, Object>) ((List<?>) r.get("jvms")).get(0)).get("starts")).size()));
            sb.append(String.format(Locale.ROOT, "%-44s %-18s %-22s %-18s %-18s %-16s %s%n", "JVM", "ready (s)",
                    "last document (s)", "rows/s from start", "CPU/row load (µs)", "RSS after (MiB)", "÷ copier"));
            for (Map<String, Object> v : (List<Map<String, Object>>) r.get("jvms")) {
                List<Map<String, Object>> starts = (List<Map<String, Object>>) v.get("starts");
                double lastDoc = median(starts, "start_to_last_document_s");
                double rate = rows / lastDoc;
                sb.append(String.format(Locale.ROOT, "%-44s %-18s %-22s %-18s %-18s %-16s %s%n", v.get("jvm"),
                        spread(starts, "ready_s"), spread(starts, "start_to_last_document_s"),
                        String.format(Locale.ROOT, "%,.0f", rate), spread(starts, "cpu_us_per_row_load"),
                        spread(starts, "rss_after_load_mb"), copierRate instanceof Number c
                                ? String.format(Locale.ROOT, "%.2f", rate / c.doubleValue()) : "-"));
            }
            sb.append(String.format(Locale.ROOT, "%-44s %-18s %-22s %-16s%n", "copier insert_many (Python, batched)",
                    "-", copierSecs + " (its loop only)", whole(copierRate)));
        }
        return sb.toString();
    }

    private static double median(List<Map<String, Object>> starts, String key) {
        double[] v = starts.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String spread(List<Map<String, Object>> starts, String key) {
        DoubleSummaryStatistics st = starts.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue())
                .summaryStatistics();
        return String.format(Locale.ROOT, "%s (%s-%s)", num(median(starts, key)), num(st.getMin()), num(st.getMax()));
    }

    private static String num(double d) {
        return d >= 100 || d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d)
                : String.format(Locale.ROOT, "%.2f", d);
    }

    /**
     * The service CPU of a phase by thread kind: the live threads' deltas, and the rest of the process's CPU as
     * "threads that ended" (the load's range threads end with it).
     */
    /**
     * The heap is sampled from /q/metrics every this many status polls (one a second during a load): with a scrape
     * every second, the harness's polls took about 0.6 CPU-seconds of the service's HTTP threads in a 100k load
     * (6 µs per row), far more than a Prometheus scrape every 15 s would; the status poll stays every second.
     */
    private static final int METRICS_EVERY = 5;

    private static Map<String, Object> threadCpuBetween(Map<String, Double> before, Map<String, Double> after,
            double total) {
        Map<String, Object> out = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            sum += d;
            out.put(e.getKey(), round1(d));
        }
        out.put("threads that ended (load ranges)", round1(Math.max(0, total - sum)));
        return out;
    }

    /**
     * The hand-written reference copier (bench/batched_copier.py: server-side cursor, insert_many of 1,000, then
     * bulk ReplaceOne upserts) on the same table and target, in its own database; skipped without python3 and
     * its MySQL and MongoDB modules.
     */
    private Map<String, Object> copier(Path dir) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        Path script = Path.of("bench", "batched_copier.py").toAbsolutePath();
        if (!Files.exists(script) || !Files.isExecutable(Path.of(python))) {
            r.put("skipped", "no " + script + " or " + python);
            return r;
        }
        String[] hp = SourceDb.hostPort();
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        pb.environment().put("MYSQL_HOST", hp[0]);
        pb.environment().put("MYSQL_PORT", hp[1]);
        pb.environment().put("MYSQL_USER", SourceDb.user());
        pb.environment().put("MYSQL_PASSWORD", SourceDb.password());
        pb.environment().put("MYSQL_DATABASE", SourceDb.DATABASE);
        pb.environment().put("MONGODB_URI", mongoUri);
        pb.environment().put("DB_NAME", mongoDbName + "_copier");
        pb.environment().put("CEILING_BATCH", Integer.toString(batchSize));
        pb.environment().put("OUT_DIR", dir.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("copier.log").toFile());
        Files.deleteIfExists(dir.resolve("copier.json"));
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            r.put("skipped", "timed out");
            return r;
        }
        if (p.exitValue() != 0 || !Files.exists(dir.resolve("copier.json"))) {
            String logText = Files.readString(dir.resolve("copier.log"));
            r.put("skipped", "exit " + p.exitValue() + ": " + logText.substring(Math.max(0, logText.length() - 300)).trim());
            log("copier skipped: " + r.get("skipped"));
            return r;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = JSON.readValue(dir.resolve("copier.json").toFile(), Map.class);
        r.putAll(result);
        log("copier: insert_many " + at(r, "insert_many", "rows_per_s") + " rows/s, bulk upserts "
                + at(r, "bulk_replace_upsert", "rows_per_s") + " rows/s");
        return r;
    }

    /**
     * Triggers one run of {@code table} and polls /sync/status every {@code pollMs} until it ends. With
     * {@code samples}, records the target count, heap and RSS each poll (the throughput chart).
     */
    private Map<String, Object> pass(AppProcess svc, String table, boolean force, long pollMs, long expected,
            List<Charts.Sample> samples, Path dir) throws Exception {
        double[] cpu0 = {AppProcess.cpuSeconds(svc.pid), AppProcess.cpuSeconds(mongoPid), AppProcess.cpuSeconds(mariadbPid)};
        long start = System.nanoTime();
        double mongoUp0 = (start - mongoStartNanos) / 1e9;
        String id = svc.trigger(List.of(table), force);
        long lastDocs = 0;
        double lastT = 0;
        double heapMax = 0;
        double rssMax = 0;
        boolean dumped = samples == null;
        int polls = 0;
        double heap = -1;
        while (true) {
            Thread.sleep(pollMs);
            JsonNode st = svc.getJson("/sync/status");
            double now = secs(start);
            if (samples != null) {
                long docs = st.path("tables").path(table).path("rows_total").asLong();
                if (polls++ % METRICS_EVERY == 0) {
                    heap = svc.heapUsedMb(); // a whole /q/metrics scrape: its CPU counts as the service's
                }
                double rss = svc.rssMb()[0];
                heapMax = Math.max(heapMax, heap);
                rssMax = Math.max(rssMax, rss);
                double rate = now > lastT ? (docs - lastDocs) / (now - lastT) : 0;
                samples.add(new Charts.Sample(round1(now), docs, Math.round(rate), round1(heap), round1(rss)));
                lastDocs = docs;
                lastT = now;
                if (!dumped && dir != null && docs >= expected / 2) {
                    dumped = true;
                    Files.writeString(dir.resolve("threads-mid-load.txt"), svc.tool("jcmd", "Thread.print"));
                }
            }
            if (!st.path("running").asBoolean()) {
                break;
            }
        }
        double wall = secs(start);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("service", round1(AppProcess.cpuSeconds(svc.pid) - cpu0[0]));
        if (mongoPid > 0) {
            cpu.put("mongo_server", round1(AppProcess.cpuSeconds(mongoPid) - cpu0[1]));
        }
        if (mariadbPid > 0) {
            cpu.put("mariadb", round1(AppProcess.cpuSeconds(mariadbPid) - cpu0[2]));
        }
        if (mongoPid > 0) {
            Map<String, Object> mgc = AppProcess.gcBetween(out.resolve("mongo-gc.log"), mongoUp0,
                    (System.nanoTime() - mongoStartNanos) / 1e9);
            cpu.put("mongo_server_gc_pause_ms", mgc.get("pause_total_ms"));
            cpu.put("mongo_server_gc_full", mgc.get("full_gcs"));
        }
        JsonNode run = svc.run(id);
        JsonNode res = run.path("results").path(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run_status", run.path("status").asText());
        r.put("mode", res.path("mode").asText());
        r.put("wall_seconds", RawBenchmarks.round(wall));
        r.put("engine_duration_ms", res.path("duration_ms").asLong());
        for (String f : new String[] {"read", "created", "updated", "unchanged", "skipped", "conflict", "warnings"}) {
            r.put(f, res.path(f).asLong());
        }
        long read = res.path("read").asLong();
        r.put("rows_per_s", wall > 0 ? Math.round(read / wall) : 0);
        r.put("cpu_seconds", cpu);
        if (samples != null) {
            r.put("heap_sampled_max_mb", Math.round(heapMax));
            r.put("rss_sampled_max_mb", Math.round(rssMax));
            r.put("samples", samples);
        }
        if (!"success".equals(run.path("status").asText())) {
            log("WARNING: run " + id + " ended " + run.path("status").asText() + ": " + run.path("error").asText()
                    + " / " + res.path("error").asText());
        }
        return r;
    }

    /** EXPLAIN and ANALYZE of the service's page queries (the SQL KeysetQuery.sql() builds). */
    private Map<String, Object> explain(String columns, JsonNode cursor, long rows, long changed) throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Connection c = SourceDb.connect(SourceDb.DATABASE)) {
            String cursorTime = cursor.isArray() && cursor.size() > 0 ? cursor.get(0).asText() : null;
            String lower;
            String upper;
            Object[] after;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT NOW(6) - INTERVAL 2 SECOND, MAX(updated_at) - INTERVAL 300 SECOND FROM products")) {
                rs.next();
                upper = rs.getString(1);
                lower = rs.getString(2);
            }
            if (cursorTime != null) {
                try (var ps = c.prepareStatement("SELECT CAST(? AS DATETIME(6)) - INTERVAL 300 SECOND")) {
                    ps.setString(1, cursorTime);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        lower = rs.getString(1);
                    }
                }
            }
            // a mid-point of the changed rows, all of which share one updated_at: the tie-break on id matters
            try (var ps = c.prepareStatement("SELECT updated_at, id FROM products WHERE updated_at >= ? AND updated_at <= ? "
                    + "ORDER BY updated_at, id LIMIT 1 OFFSET " + Math.max(0, Math.min(batchSize, changed) / 2 - 1))) {
                ps.setString(1, lower);
                ps.setString(2, upper);
                try (ResultSet rs = ps.executeQuery()) {
                    after = rs.next() ? new Object[] {rs.getString(1), rs.getLong(2)} : new Object[] {lower, 0L};
                }
            }
            String sel = "SELECT " + columns + " FROM `products`";
            r.put("cursor", cursorTime);
            add(r, c, "incremental_first_page", sel + " WHERE `updated_at` >= ? AND `updated_at` <= ? "
                    + "ORDER BY `updated_at`, `id` LIMIT ?", lower, upper, batchSize);
            add(r, c, "incremental_next_page", sel + " WHERE ((`updated_at` > ?) OR (`updated_at` = ? AND `id` > ?)) "
                    + "AND `updated_at` <= ? ORDER BY `updated_at`, `id` LIMIT ?", after[0], after[0], after[1], upper,
                    batchSize);
            add(r, c, "initial_load_page", sel + " WHERE ((`id` > ?)) ORDER BY `id` LIMIT ?", rows / 2, batchSize);
            if (composite) {
                add(r, c, "order_items_page", "SELECT `order_id`, `line_no`, `product_id`, `quantity`, `unit_price`, "
                        + "`note`, `updated_at` FROM `order_items` WHERE ((`order_id` > ?) OR (`order_id` = ? AND "
                        + "`line_no` > ?)) ORDER BY `order_id`, `line_no` LIMIT ?", rows / 20, rows / 20, 2, batchSize);
            }
        }
        return r;
    }

    private void add(Map<String, Object> r, Connection c, String name, String sql, Object... params) throws SQLException {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("sql", sql.replaceFirst("SELECT .* FROM", "SELECT <all columns> FROM"));
        q.put("params", List.of(params));
        q.put("explain", SourceDb.rows(c, "EXPLAIN " + sql, params));
        q.put("analyze", SourceDb.rows(c, "ANALYZE " + sql, params));
        r.put(name, q);
        System.out.println("EXPLAIN " + name + ": " + q.get("sql"));
        System.out.println("  params " + q.get("params"));
        for (Object row : (List<?>) q.get("explain")) {
            System.out.println("  " + row);
        }
        for (Object row : (List<?>) q.get("analyze")) {
            Map<?, ?> m = (Map<?, ?>) row;
            System.out.println("  ANALYZE: rows=" + m.get("rows") + " r_rows=" + m.get("r_rows") + " key=" + m.get("key")
                    + " Extra=" + m.get("Extra"));
        }
    }

    // ---- output -----------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static String table(List<Map<String, Object>> results) {
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("metric"));
        for (Map<String, Object> r : results) {
            head.add(String.format(Locale.ROOT, "%,d rows", (long) r.get("rows")));
        }
        rows.add(head.toArray(String[]::new));
        addRow(rows, results, "generate data (s)", r -> r.get("generate_seconds"));
        addRow(rows, results, "source table size (MiB)", r -> r.get("source_table_mb"));
        addRow(rows, results, "raw read, streamed SELECT (rows/s)", r -> at(r, "raw", "read_streaming", "rows_per_s"));
        addRow(rows, results, "raw read, keyset pages (rows/s)", r -> at(r, "raw", "read_keyset_pages", "rows_per_s"));
        addRow(rows, results, "raw write, insertMany (docs/s)", r -> at(r, "raw", "write_insert_many", "docs_per_s"));
        addRow(rows, results, "raw write, find+upsert (docs/s)", r -> at(r, "raw", "write_find_then_upsert", "docs_per_s"));
        addRow(rows, results, "  of which bulk upsert alone (docs/s)",
                r -> at(r, "raw", "write_find_then_upsert", "bulk_upsert_docs_per_s"));
        addRow(rows, results, "copier insert_many, batched Python (rows/s)", r -> whole(at(r, "copier", "insert_many",
                "rows_per_s")));
        addRow(rows, results, "copier bulk upserts, batched Python (rows/s)", r -> whole(at(r, "copier",
                "bulk_replace_upsert", "rows_per_s")));
        addRow(rows, results, "service startup (s)", r -> at(r, "service", "startup_seconds"));
        addRow(rows, results, "INITIAL LOAD (rows/s)", r -> at(r, "initial_load", "rows_per_s"));
        addRow(rows, results, "  ÷ copier insert_many / ÷ raw insertMany", r -> ratio(at(r, "initial_load", "rows_per_s"),
                at(r, "copier", "insert_many", "rows_per_s")) + " / " + ratio(at(r, "initial_load", "rows_per_s"),
                at(r, "raw", "write_insert_many", "docs_per_s")));
        addRow(rows, results, "initial load wall (s)", r -> at(r, "initial_load", "wall_seconds"));
        addRow(rows, results, "service CPU per row (µs)", r -> at(r, "initial_load", "cpu_us_per_row_service"));
        addRow(rows, results, "service CPU per page (ms)", r -> at(r, "initial_load",
                "cpu_ms_per_page_service"));
        addRow(rows, results, "wall per page beyond raw insertMany (ms)", r -> overheadPerPage(r));
        addRow(rows, results, "service CPU s: sync / JIT C1+C2 / GC+VM / ended / HTTP / other", r -> threadRow(r));
        addRow(rows, results, "initial load rows read / created", r -> at(r, "initial_load", "read") + " / "
                + at(r, "initial_load", "created"));
        addRow(rows, results, "heap peak, GC log before-GC (MiB)", r -> at(r, "initial_load", "gc", "heap_peak_before_gc_mb"));
        addRow(rows, results, "heap max live after GC (MiB)", r -> at(r, "initial_load", "gc", "heap_max_after_gc_mb"));
        addRow(rows, results, "heap used, sampled max (MiB)", r -> at(r, "initial_load", "heap_sampled_max_mb"));
        addRow(rows, results, "RSS peak, VmHWM (MiB)", r -> at(r, "initial_load", "rss_peak_mb"));
        addRow(rows, results, "GC pauses: count / total ms / max ms", r -> at(r, "initial_load", "gc", "pauses") + " / "
                + at(r, "initial_load", "gc", "pause_total_ms") + " / " + at(r, "initial_load", "gc", "pause_max_ms"));
        addRow(rows, results, "CPU s: service / mongo / mariadb", r -> at(r, "initial_load", "cpu_seconds_service")
                + " / " + at(r, "initial_load", "cpu_seconds_mongo_server") + " / "
                + at(r, "initial_load", "cpu_seconds_mariadb"));
        addRow(rows, results, "target (mongo server JVM) GC pause ms / full GCs", r -> at(r, "initial_load", "cpu_seconds",
                "mongo_server_gc_pause_ms") + " / " + at(r, "initial_load", "cpu_seconds", "mongo_server_gc_full"));
        addRow(rows, results, "CPU s: machine / other processes", r -> at(r, "initial_load", "cpu_seconds_machine")
                + " / " + at(r, "initial_load", "cpu_seconds_other_processes"));
        addRow(rows, results, "order_items (composite pk) load (rows/s)", r -> at(r, "initial_load_order_items",
                "rows_per_s"));
        addRow(rows, results, "incremental 1%: wall s (read/updated)", r -> at(r, "incremental_1pct", "wall_seconds")
                + " (" + at(r, "incremental_1pct", "read") + "/" + at(r, "incremental_1pct", "updated") + ")");
        addRow(rows, results, "incremental 1% (rows/s)", r -> at(r, "incremental_1pct", "rows_per_s"));
        addRow(rows, results, "  CPU s: service / mongo / mariadb", r -> at(r, "incremental_1pct", "cpu_seconds", "service")
                + " / " + at(r, "incremental_1pct", "cpu_seconds", "mongo_server") + " / "
                + at(r, "incremental_1pct", "cpu_seconds", "mariadb"));
        addRow(rows, results, "no-change pass: wall s (read/updated)", r -> at(r, "no_change_pass", "wall_seconds")
                + " (" + at(r, "no_change_pass", "read") + "/" + at(r, "no_change_pass", "updated") + ")");
        addRow(rows, results, "  CPU s: service / mongo / mariadb", r -> at(r, "no_change_pass", "cpu_seconds", "service")
                + " / " + at(r, "no_change_pass", "cpu_seconds", "mongo_server") + " / "
                + at(r, "no_change_pass", "cpu_seconds", "mariadb"));
        int[] width = new int[head.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? String.format("%-" + width[i] + "s", row[i]) : String.format("  %" + width[i] + "s", row[i]));
            }
            sb.append('\n');
            if (k == 0) {
                sb.append("-".repeat(sb.length() - 1)).append('\n');
            }
        }
        return sb.toString();
    }

    private static Object whole(Object v) {
        return v instanceof Number n ? (Object) Math.round(n.doubleValue()) : v;
    }

    private static String ratio(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y && y.doubleValue() > 0
                ? String.format(Locale.ROOT, "%.2f", x.doubleValue() / y.doubleValue()) : "-";
    }

    /** Load wall time per page beyond what the raw insertMany rate needs for the same rows. */
    private static Object overheadPerPage(Map<String, Object> r) {
        if (at(r, "initial_load", "wall_seconds") instanceof Number wall
                && at(r, "raw", "write_insert_many", "docs_per_s") instanceof Number raw
                && at(r, "initial_load", "pages") instanceof Number pages && raw.doubleValue() > 0) {
            double rows = ((Number) r.get("rows")).doubleValue();
            return RawBenchmarks.round((wall.doubleValue() - rows / raw.doubleValue()) * 1000 / pages.doubleValue());
        }
        return "-";
    }

    private static String threadRow(Map<String, Object> r) {
        return at(r, "initial_load", "cpu_seconds_service_by_thread", "sync (run, ranges, read-ahead)") + " / "
                + at(r, "initial_load", "cpu_seconds_service_by_thread", "JIT compiler C1") + "+"
                + at(r, "initial_load", "cpu_seconds_service_by_thread", "JIT compiler C2") + " / "
                + at(r, "initial_load", "cpu_seconds_service_by_thread", "GC and VM") + " / "
                + at(r, "initial_load", "cpu_seconds_service_by_thread", "threads that ended (load ranges)") + " / "
                + at(r, "initial_load", "cpu_seconds_service_by_thread", "HTTP (harness polls: status, metrics)") + " / "
                + at(r, "initial_load", "cpu_seconds_service_by_thread", "other");
    }

    private static void addRow(List<String[]> rows, List<Map<String, Object>> results, String label,
            java.util.function.Function<Map<String, Object>, Object> f) {
        List<String> row = new ArrayList<>(List.of(label));
        for (Map<String, Object> r : results) {
            Object v = f.apply(r);
            row.add(v instanceof Number n && !(v instanceof Double) ? String.format(Locale.ROOT, "%,d", n.longValue())
                    : String.valueOf(v));
        }
        rows.add(row.toArray(String[]::new));
    }

    private static Object at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> map)) {
                return "-";
            }
            cur = map.get(p);
        }
        return cur == null ? "-" : cur;
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    private Process startMongo() throws IOException {
        String uri = System.getenv("MONGODB_URI");
        if (uri != null && !uri.isBlank()) {
            mongoUri = uri;
            log("target: MongoDB at MONGODB_URI");
            return null;
        }
        Files.deleteIfExists(out.resolve("mongo-gc.log"));
        mongoStartNanos = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + env("BENCH_MONGO_XMX", "12g"),
                "-Xlog:gc:file=" + out.resolve("mongo-gc.log") + ":uptime"));
        // G1 by default: with ParallelGC the in-memory store's multi-GB old generation gave stop-the-world pauses of
        // 5-22 s on this 2-core machine, which stalled the service and dominated the figures.
        cmd.addAll(List.of(env("BENCH_MONGO_JAVA_OPTS", "-XX:+UseG1GC").split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MongoServerMain.class.getName(), "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(out.resolve("mongo-server.log").toFile());
        Process p = pb.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            throw new IllegalStateException("mongo-java-server did not start; see " + out.resolve("mongo-server.log"));
        }
        mongoUri = "mongodb://127.0.0.1:" + line.substring(5).trim();
        mongoPid = p.pid();
        log("target: mongo-java-server (memory backend) pid " + mongoPid + " at " + mongoUri);
        return p;
    }

    /** The local MariaDB/MySQL server's pid, from its pid file (-1 when remote or unreadable). */
    private static long mariadbPid() {
        if (!SourceDb.hostPort()[0].matches("127\\.0\\.0\\.1|localhost")) {
            return -1;
        }
        try (Connection c = SourceDb.connect(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@pid_file, @@datadir")) {
            rs.next();
            Path pidFile = Path.of(rs.getString(1));
            if (!pidFile.isAbsolute()) {
                pidFile = Path.of(rs.getString(2)).resolve(pidFile);
            }
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (SQLException | IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double tableMb(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (DATA_LENGTH + INDEX_LENGTH) / 1048576 "
                + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'products'")) {
            return rs.next() ? Math.round(rs.getDouble(1)) : -1;
        }
    }

    private static Map<String, Object> environment() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("cpus", Runtime.getRuntime().availableProcessors());
        e.put("java", System.getProperty("java.version"));
        e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try (Connection c = SourceDb.connect(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION(), @@innodb_buffer_pool_size / 1048576")) {
            rs.next();
            e.put("source", rs.getString(1));
            e.put("innodb_buffer_pool_mb", rs.getLong(2));
        } catch (SQLException ex) {
            e.put("source", "unreachable: " + ex.getMessage());
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    e.put("mem_total_mb", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return e;
    }

    private Map<String, Object> logged(String what, Map<String, Object> r) {
        log(what + ": " + r);
        return r;
    }

    private void log(String msg) {
        System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + msg);
        System.out.flush();
    }

    private static int freePort(int preferred) {
        try (ServerSocket s = new ServerSocket(preferred)) {
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
