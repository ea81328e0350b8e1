package io.mysqlmongosync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The binlog capture benchmark ({@code bench/run.sh cdc}): generates {@code mms_bench} in a MariaDB/MySQL whose
 * binary log is on, starts the packaged service with {@code SYNC_CAPTURE_MODE=binlog} on the products table, and
 * after its initial load drives a steady write rate into the table for each step ({@link ChangeWriter}) while
 * {@link LagProbe} measures commit → document visible in MongoDB. Per step: achieved rate, p50/p99/max lag,
 * whether the lag grew, how long the backlog took to drain, documents against rows, the service's own
 * sync_cdc_lag_seconds, CPU per process and the load average. The highest rate sustained is the last step whose
 * rate was reached and whose lag did not grow. Report: target/bench/cdc-report.json and cdc-summary.txt.
 *
 * <p>Settings (environment): BENCH_CDC_RATES (changes/s, default 250,500,1000,2000,4000), BENCH_CDC_SECONDS (60
 * per step), BENCH_CDC_ROWS (20000 products at the start), BENCH_CDC_WRITERS (4 connections), BENCH_CDC_TX_CHANGES
 * (4 changes per transaction), BENCH_CDC_PROBE_MS (100 between probes), BENCH_CDC_TABLES (0; n: n more tables of
 * 200 rows streamed with products and every change written to one of them, {@link ManyTables}), plus those of {@link BenchMain} for the
 * source, the target and the service (TEST_MYSQL_URL, MONGODB_URI, BENCH_APP_XMX, BENCH_HTTP_PORT, ...).
 */
final class CdcBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** How long a probe waits for its change in MongoDB. */
    static final long PROBE_TIMEOUT_MS = 60_000;

    private final Path out;
    private final Path jar;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final int seconds = Integer.parseInt(env("BENCH_CDC_SECONDS", "60"));
    private final long rows = Long.parseLong(env("BENCH_CDC_ROWS", "20000"));
    private final int probeMs = Integer.parseInt(env("BENCH_CDC_PROBE_MS", "100"));
    private final int tables = Integer.parseInt(env("BENCH_CDC_TABLES", "0"));
    private ManyTables many;
    private long mongoPid = -1;
    private MongoClient mongo;

    private CdcBench(Path out, Path jar) {
        this.out = out;
        this.jar = jar;
    }

    static void main(Path out, Path jar) throws Exception {
        new CdcBench(out.resolve("cdc"), jar).run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        requireBinlog();
        log("generating " + rows + " products (and orders, order_items) in " + SourceDb.DATABASE);
        SourceDb.generate(rows, this::log);
        try (Connection c = SourceDb.connect(SourceDb.DATABASE)) {
            LagProbe.createProbeRow(c);
        }
        if (tables > 0) {
            log("creating " + tables + " more tables (cdc_t01...) of 200 rows: every change goes to one of them");
            many = ManyTables.create(tables, 200, Integer.parseInt(env("BENCH_CDC_WRITERS", "4")),
                    Integer.parseInt(env("BENCH_CDC_TX_CHANGES", "4")));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started_at", Instant.now().toString());
        report.put("settings", Map.of("rows", rows, "seconds_per_step", seconds, "probe_ms", probeMs, "more_tables", tables,
                "writers", env("BENCH_CDC_WRITERS", "4"), "changes_per_transaction", env("BENCH_CDC_TX_CHANGES", "4")));
        Process mongoServer = null;
        String mongoUri = System.getenv("MONGODB_URI");
        if (mongoUri == null || mongoUri.isBlank()) {
            mongoServer = startMongo();
            mongoUri = "mongodb://127.0.0.1:" + new BufferedReader(new InputStreamReader(mongoServer.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().substring(5).trim();
        }
        String database = env("BENCH_MONGODB_DATABASE", "bench");
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            this.mongo = mongo;
            mongo.getDatabase(database).drop();
            List<Map<String, Object>> steps = steps(mongoUri, database, mongo.getDatabase(database)
                    .getCollection("products"), report);
            report.put("steps", steps);
            report.put("finished_at", Instant.now().toString());
            Files.writeString(out.resolve("cdc-report.json"), JSON.writeValueAsString(report));
            String summary = CdcSummary.text(steps);
            Files.writeString(out.resolve("cdc-summary.txt"), summary);
            System.out.println();
            System.out.println(summary);
            System.out.println("Report: " + out.resolve("cdc-report.json"));
        } finally {
            if (mongoServer != null) {
                mongoServer.getOutputStream().close();
                if (!mongoServer.waitFor(20, TimeUnit.SECONDS)) {
                    mongoServer.destroyForcibly();
                }
            }
        }
    }

    /** Starts the service, waits for its initial load and stream, then runs every rate step. */
    private List<Map<String, Object>> steps(String mongoUri, String database, MongoCollection<Document> products,
            Map<String, Object> report) throws Exception {
        int port = Integer.parseInt(env("BENCH_HTTP_PORT", "18090"));
        Map<String, String> env = SourceDb.serviceEnv(mongoUri, database);
        env.put("SYNC_TABLES", many == null ? "products" : "products," + String.join(",", many.names()));
        env.put("SYNC_CAPTURE_MODE", "binlog");
        env.put("SYNC_INTERVAL_MINUTES", "60"); // the first pass at start-up loads the table and starts the stream
        env.put("SYNC_API_AUTH", "none");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        long mariadb = mariadbPid();
        List<Map<String, Object>> steps = new ArrayList<>();
        try (AppProcess svc = AppProcess.start(java, jar, out, env("BENCH_APP_XMX", "256m"), port, env)) {
            double ready = svc.awaitReady(Duration.ofSeconds(180));
            awaitFirstRun(svc);
            report.put("service", Map.of("startup_seconds", Math.round(ready * 10) / 10.0, "pid", svc.pid));
            ChangeWriter writer = new ChangeWriter(rows, Integer.parseInt(env("BENCH_CDC_WRITERS", "4")),
                    Integer.parseInt(env("BENCH_CDC_TX_CHANGES", "4")));
            try (LagProbe probe = new LagProbe(products, 5, PROBE_TIMEOUT_MS)) {
                log(String.format(Locale.ROOT, "stream up: a probe took %.0f ms", probe.once()));
                for (String r : env("BENCH_CDC_RATES", "250,500,1000,2000,4000").split("[,\\s]+")) {
                    Map<String, Object> step = step(Integer.parseInt(r), writer, probe, svc, mariadb, products);
                    steps.add(step);
                    Files.writeString(out.resolve("cdc-report.json"), JSON.writeValueAsString(report));
                }
            }
        }
        return steps;
    }

    /** One rate step: write and probe for {@link #seconds}, then drain and compare. */
    private Map<String, Object> step(int rate, ChangeWriter writer, LagProbe probe, AppProcess svc, long mariadb,
            MongoCollection<Document> products) throws Exception {
        log(String.format(Locale.ROOT, "=== %,d changes/s for %d s ===", rate, seconds));
        Map<String, double[]> metrics0 = ServiceLag.scrape(svc);
        double[] cpu0 = {AppProcess.cpuSeconds(svc.pid), AppProcess.cpuSeconds(mongoPid), AppProcess.cpuSeconds(mariadb)};
        String load0 = loadAverage();
        long start = System.nanoTime();
        ChangeWriter.Result[] written = new ChangeWriter.Result[1];
        Exception[] failed = new Exception[1];
        Thread w = new Thread(() -> {
            try {
                written[0] = many != null ? many.run(rate, seconds) : writer.run(rate, seconds);
            } catch (Exception e) {
                failed[0] = e;
            }
        }, "bench-writers");
        w.start();
        List<LagProbe.Sample> samples = probe.until(start + seconds * 1_000_000_000L, probeMs);
        w.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        double drainMs = probe.once(); // behind every change of the step: the backlog left when writing stopped
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("target_rate", rate);
        s.put("achieved_rate", Math.round(written[0].rate()));
        s.put("written", Map.of("inserts", written[0].inserts(), "updates", written[0].updates(), "deletes",
                written[0].deletes(), "transactions", written[0].transactions(), "failed_transactions",
                written[0].failures()));
        CdcSummary.lagFigures(s, samples, seconds, drainMs);
        s.put("service_metric", ServiceLag.between(metrics0, ServiceLag.scrape(svc)));
        s.put("cpu_seconds", Map.of("service", round1(AppProcess.cpuSeconds(svc.pid) - cpu0[0]),
                "mongo_server", round1(AppProcess.cpuSeconds(mongoPid) - cpu0[1]),
                "mariadb", round1(AppProcess.cpuSeconds(mariadb) - cpu0[2])));
        s.put("load_average_before_after", load0 + " / " + loadAverage());
        try (Connection c = SourceDb.connect(SourceDb.DATABASE); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM products")) {
            rs.next();
            s.put("rows_in_source", rs.getLong(1));
        }
        s.put("documents_in_target", products.countDocuments());
        if (many != null) {
            // The probe on products is applied with the other tables' changes of its batch, not after all of them:
            // the totals are compared once they settle (10 s at most).
            long rowsNow = (Long) s.get("rows_in_source") + many.rows();
            long docs = -1;
            for (long until = System.nanoTime() + 10_000_000_000L; docs != rowsNow && System.nanoTime() < until;) {
                docs = products.countDocuments();
                for (String t : many.names()) {
                    docs += mongoCollection(products, t);
                }
                if (docs != rowsNow) {
                    Thread.sleep(200);
                }
            }
            s.put("rows_in_source", rowsNow);
            s.put("documents_in_target", docs);
        }
        s.put("binlog_readers", binlogReaders());
        CdcSummary.judge(s, rate);
        log(CdcSummary.line(s));
        return s;
    }

    private long mongoCollection(MongoCollection<Document> products, String name) {
        return mongo.getDatabase(products.getNamespace().getDatabaseName()).getCollection(name).countDocuments();
    }

    /** Binlog dump threads on the source now: the readers the service holds (and any other replica's). */
    private static long binlogReaders() throws Exception {
        try (Connection c = SourceDb.connect(null); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE 'Binlog Dump%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the service's first run (the initial load, which starts the stream) has ended. */
    private void awaitFirstRun(AppProcess svc) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode st = svc.getJson("/sync/status");
            if (!st.path("last_sync").isNull() && !st.path("last_sync").isMissingNode()
                    && !st.path("running").asBoolean()) {
                log("initial load done: " + st.path("tables").path("products"));
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The initial load did not end within 10 minutes; see " + out.resolve("app.log"));
    }

    /** Stops with a clear message when the source's binary log cannot be streamed. */
    private static void requireBinlog() throws Exception {
        try (Connection c = SourceDb.connect(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image")) {
            rs.next();
            if (!"1".equals(rs.getString(1)) || !"ROW".equalsIgnoreCase(rs.getString(2))
                    || !"FULL".equalsIgnoreCase(rs.getString(3))) {
                throw new IllegalStateException("bench/run.sh cdc needs a source with the binary log on, ROW format and "
                        + "FULL row images (log_bin=" + rs.getString(1) + ", binlog_format=" + rs.getString(2)
                        + ", binlog_row_image=" + rs.getString(3) + "): start it with --log-bin --binlog-format=ROW "
                        + "--binlog-row-image=FULL --server-id=1");
            }
        }
    }

    private Process startMongo() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + env("BENCH_MONGO_XMX", "2g"),
                "-Xlog:gc:file=" + out.resolve("mongo-gc.log") + ":uptime"));
        cmd.addAll(List.of(env("BENCH_MONGO_JAVA_OPTS", "-XX:+UseG1GC").split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MongoServerMain.class.getName(), "0"));
        Process p = new ProcessBuilder(cmd).redirectError(out.resolve("mongo-server.log").toFile()).start();
        mongoPid = p.pid();
        return p;
    }

    private static long mariadbPid() {
        try (Connection c = SourceDb.connect(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@pid_file, @@datadir")) {
            rs.next();
            Path pidFile = Path.of(rs.getString(1));
            return Long.parseLong(Files.readString(pidFile.isAbsolute() ? pidFile
                    : Path.of(rs.getString(2)).resolve(pidFile)).trim());
        } catch (Exception remoteOrUnreadable) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception notLinux) {
            return "-";
        }
    }

    private void log(String msg) {
        System.out.println("[cdc-bench " + LocalTime.now().withNano(0) + "] " + msg);
        System.out.flush();
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
