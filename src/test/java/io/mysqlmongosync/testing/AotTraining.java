package io.mysqlmongosync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the service's AOT cache (Java 25: JEP 483 classes loaded and linked ahead of time, JEP 514
 * one-step training, JEP 515 method profiles). Starts the packaged jar on a Java 25 JVM with
 * {@code -XX:AOTCacheOutput=<cache>} and the JIT flags of the JVM image, gives it the work it does in production and
 * stops it with SIGTERM; the JVM writes the cache as it exits. The work, against a private MariaDB with the binary
 * log on ({@link BinlogMariaDb}) and an in-memory MongoDB: the initial load of the shop tables ({@link ShopData},
 * {@code aot.rows} products, default 30000, with orders and composite-key order items), the binlog streams applying
 * inserts, updates and hard deletes (or, with {@code -Daot.binlog=false}, polled passes), incremental and
 * reconciling passes, and the REST API (status, tables, history, sample, metrics, health, verify, operator page).
 *
 * <p>Run by the Maven build right after {@code package} (pom.xml, execution {@code aot-training}):
 * {@code AotTraining <java 25> <quarkus-run.jar> <cache file>}. Without a Java 25 at that path (property
 * {@code aot.java}), without the jar (native and demo builds) or without MariaDB's server binaries it prints why and
 * ends normally: the build then simply has no cache. A training run that fails otherwise fails the build.
 */
public final class AotTraining {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLES = List.of("products", "orders", "order_items");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path java = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        Path cache = Path.of(args[2]).toAbsolutePath();
        String skip = !Files.isExecutable(java) ? "no Java at " + java + " (set -Daot.java=<java 25 binary>)"
                : javaFeature(java) < 25 ? java + " is not Java 25 or newer"
                : !Files.isRegularFile(jar) ? "no " + jar + " (this build packages no jar)"
                : !Files.isExecutable(Path.of("/usr/sbin/mariadbd")) ? "no /usr/sbin/mariadbd for the training's source"
                : null;
        Files.deleteIfExists(cache);
        if (skip != null) {
            log("no AOT cache: " + skip + "; the jar runs without one");
            return;
        }
        long t = System.nanoTime();
        new AotTraining().train(java, jar, cache, Long.getLong("aot.rows", 30_000),
                Boolean.parseBoolean(System.getProperty("aot.binlog", "true")));
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("The training run ended but wrote no " + cache + "; see target/aot-training");
        }
        log(String.format("AOT cache %s written (%d MiB) in %.0f s", cache, Files.size(cache) >> 20,
                (System.nanoTime() - t) / 1e9));
    }

    /** The feature release of the JDK or JRE {@code java} belongs to, from its {@code release} file (0 unknown). */
    public static int javaFeature(Path java) {
        try {
            for (String line : Files.readAllLines(java.toRealPath().getParent().getParent().resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Integer.parseInt(line.replaceAll("[^0-9.]", "").split("\\.")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private void train(Path java, Path jar, Path cache, long rows, boolean binlog) throws Exception {
        Path dir = Path.of("target", "aot-training").toAbsolutePath();
        try (BinlogMariaDb db = BinlogMariaDb.start(dir.resolve("mariadb"), 7301)) {
            db.exec(null, "CREATE DATABASE shop CHARACTER SET utf8mb4");
            try (Connection c = db.root("shop")) {
                ShopData.create(c, rows, AotTraining::log);
            }
            MongoServer mongo = new MongoServer(new MemoryBackend());
            mongo.bind("127.0.0.1", 0);
            port = ServiceProcess.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("MYSQL_HOST", "127.0.0.1");
            env.put("MYSQL_PORT", Integer.toString(db.port()));
            env.put("MYSQL_USER", "root");
            env.put("MYSQL_PASSWORD", "");
            env.put("MYSQL_DATABASE", "shop");
            env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
            env.put("MONGODB_DATABASE", "shop");
            env.put("SYNC_TABLES", String.join(",", TABLES));
            env.put("SYNC_CAPTURE_MODE", binlog ? "binlog" : "polling");
            env.put("SYNC_TICK", "1s");
            env.put("SYNC_API_AUTH", "none"); // a loopback port of a process that lives for this run only
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:AOTCacheOutput=" + cache, "-Xmx256m"));
            cmd.addAll(ServiceProcess.imageJvmFlags());
            cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("service.log").toFile());
            pb.environment().putAll(env);
            log("training run: " + String.join(" ", cmd) + " (" + (binlog ? "binlog streams" : "polled passes")
                    + ", output in " + dir.resolve("service.log") + ")");
            Process service = pb.start();
            try (MongoClient client = MongoClients.create(env.get("MONGODB_URI"))) {
                exercise(db, client, rows, binlog, service);
            } catch (Exception | Error e) {
                service.destroyForcibly();
                throw e;
            } finally {
                stop(service);
                mongo.shutdownNow();
            }
        }
    }

    /** The production work: initial loads, changes streamed or polled, passes, the API; then SIGTERM. */
    private void exercise(BinlogMariaDb db, MongoClient mongo, long rows, boolean binlog, Process service)
            throws Exception {
        await(service, "ready", () -> get("/q/health/ready").statusCode() == 200);
        await(service, "initial loads done" + (binlog ? ", streams running" : ""), () -> TABLES.stream().allMatch(
                table -> loaded(table, binlog)));
        for (int round = 0; round < 3; round++) {
            try (Connection c = db.root("shop"); Statement s = c.createStatement()) {
                s.execute("UPDATE products SET stock_units = stock_units + 1, price = price + 0.01 WHERE id % 50 = "
                        + round);
                s.execute("CREATE TEMPORARY TABLE copy AS SELECT * FROM products WHERE id <= 500");
                s.execute("UPDATE copy SET id = id + " + (rows + 1000L * (round + 1)));
                s.execute("INSERT INTO products SELECT * FROM copy");
                s.execute("DELETE FROM products WHERE id % 997 = " + round);
                s.execute("UPDATE orders SET status = 'shipped' WHERE id % 20 = " + round);
                s.execute("DELETE FROM order_items WHERE order_id % 101 = " + round + " AND line_no = 3");
            }
            if (!binlog) {
                // why: a pass reads rows changed up to SYNC_SAFETY_LAG_SECONDS (default 2 s) ago, a time the
                // service measures: wait that out first
                Thread.sleep(2_500);
                awaitRun(service, post("/sync/trigger", "{\"reconcile\": true}"));
            }
            long expected = count(db, "products");
            await(service, "the changes of round " + round + " in MongoDB",
                    () -> mongo.getDatabase("shop").getCollection("products").countDocuments() == expected);
            for (String path : List.of("/sync/status", "/sync/tables", "/sync/history?limit=20", "/sync/health",
                    "/sync/tables/products/sample?limit=10", "/sync/mapping", "/q/metrics", "/q/health", "/",
                    "/q/openapi")) {
                get(path);
            }
        }
        awaitRun(service, post("/sync/trigger", "{\"tables\": [\"orders\"], \"force_full_sync\": true}"));
        post("/sync/verify", "{\"tables\": [\"products\"]}");
        await(service, "verification done", () -> get("/sync/verification").body().contains("\"finished_at\""));
    }

    private boolean loaded(String table, boolean binlog) {
        try {
            JsonNode t = JSON.readTree(get("/sync/status").body()).path("tables").path(table);
            return binlog ? t.toString().contains("\"stream_state\":\"streaming\"")
                    : "incremental".equals(t.path("phase").asText());
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long count(BinlogMariaDb db, String table) throws SQLException {
        try (Connection c = db.root("shop"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitRun(Process service, HttpResponse<String> trigger) throws Exception {
        if (trigger.statusCode() != 202) {
            throw new IllegalStateException("POST /sync/trigger answered " + trigger.statusCode() + ": " + trigger.body());
        }
        String id = JSON.readTree(trigger.body()).path("run_id").asText();
        await(service, "run " + id, () -> get("/sync/history?limit=5").body().contains(id)
                && !JSON.readTree(get("/sync/status").body()).path("running").asBoolean());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 200 ms for up to 3 minutes; fails when the service exits or time runs out. */
    private static void await(Process service, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("The service exited (" + service.exitValue() + ") before " + what);
            }
            try {
                if (check.holds()) {
                    log(what);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or a connection refused while starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Training: no " + what + " within 3 minutes");
    }

    /** SIGTERM, then waits for the JVM to write the cache and exit (the assembly runs in a child JVM). */
    private static void stop(Process service) throws InterruptedException {
        service.destroy();
        if (!service.waitFor(10, TimeUnit.MINUTES)) {
            service.destroyForcibly();
            throw new IllegalStateException("The training run did not exit within 10 minutes of SIGTERM");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void log(String message) {
        System.out.println("[aot] " + message);
        System.out.flush();
    }

}
