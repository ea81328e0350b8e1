package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mysqlmongosync.testing.AotTraining;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong AOT cache never stops the service: given a corrupt file, or the cache of another build, the Java 25 JVM
 * (default {@code -XX:AOTMode=auto}) says so or quietly leaves the cache out and starts without it, and the service
 * loads its table as usual. A stale {@code app.aot} next to a rebuilt jar, or an image whose JDK is not the one that
 * trained the cache, ends the same way. Needs the Java 25 of the build ({@code aot.java}); skipped without it.
 */
class AotCachePackagedIT {

    static final String DB = "mms_aot_cache";
    static final int ROWS = 300;
    static InProcessMongo mongo;
    static String java25;

    @BeforeAll
    static void setUp() {
        java25 = System.getProperty("aot.java", "");
        Assumptions.assumeTrue(!java25.isBlank() && AotTraining.javaFeature(Path.of(java25)) >= 25,
                "no Java 25 at aot.java='" + java25 + "'");
        TestDatabase.recreate(DB, "/db/items.sql");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), seq / 100"
                + " FROM seq_1_to_" + ROWS);
        mongo = InProcessMongo.start();
    }

    @AfterAll
    static void tearDown() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void aCorruptCacheFileIsLeftOut(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("app.aot");
        byte[] garbage = new byte[1 << 20];
        new Random(33).nextBytes(garbage);
        Files.write(cache, garbage);
        String out = loadsItsTable(cache, "corrupt");
        assertTrue(out.contains("An error has occurred while processing the AOT cache"), out);
    }

    /** The cache of another application (a one-class jar), as a stale app.aot of an earlier build would be. */
    @Test
    void theCacheOfAnotherBuildIsLeftOut(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("other.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Other.class.getName());
        String entry = Other.class.getName().replace('.', '/') + ".class";
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest);
                InputStream in = Other.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        Path cache = tmp.resolve("app.aot");
        Process training = new ProcessBuilder(java25, "-XX:AOTCacheOutput=" + cache, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("training.log").toFile()).start();
        assertTrue(training.waitFor(2, TimeUnit.MINUTES) && training.exitValue() == 0,
                () -> "training of the other cache failed: " + read(tmp.resolve("training.log")));
        assertTrue(Files.size(cache) > 0, "the other build's cache was written");
        // -Xlog:class+path shows that the JVM read this cache's class path (and found it to be another one)
        String out = loadsItsTable(cache, "other", "-Xlog:class+path=info");
        assertTrue(out.contains("Reading classpath(s) from " + cache), out);
        assertTrue(out.contains(jar.toString()), out);
    }

    /** Starts the jar on Java 25 with {@code cache}; it must become ready and copy every row. Returns its output. */
    private static String loadsItsTable(Path cache, String name, String... flags) throws Exception {
        Map<String, String> env = ServiceEnv.of(DB, mongo.uri(), "aot_" + name, "products", "SYNC_TICK", "1s",
                "SYNC_API_AUTH", "none", "QUARKUS_LOG_CONSOLE_JSON", "false");
        List<String> java = new ArrayList<>(List.of(java25, "-XX:AOTCache=" + cache));
        java.addAll(List.of(flags));
        try (ServiceProcess p = ServiceProcess.start(env, java);
                MongoClient client = MongoClients.create(env.get("MONGODB_URI"))) {
            p.awaitBody("/q/health/ready", "\"status\": \"UP\"");
            p.awaitBody("/sync/status", "\"phase\":\"incremental\"");
            var products = client.getDatabase("aot_" + name).getCollection("products");
            assertEquals(ROWS, products.countDocuments(), p.output());
            assertEquals("p" + ROWS, products.find(new Document("_id", ROWS)).first().getString("name"), p.output());
            return p.output();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** The other application: a main that prints a line. */
    public static final class Other {
        public static void main(String[] args) {
            System.out.println("another application");
        }
    }
}
