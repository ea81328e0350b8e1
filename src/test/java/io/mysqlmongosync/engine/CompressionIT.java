package io.mysqlmongosync.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCompressor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.testing.CountingProxy;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Compression on both links (MYSQL_COMPRESSION's {@code useCompression=true}, MONGODB_COMPRESSORS=zlib) changes
 * nothing in what lands in MongoDB: every stored document equals the one built from an uncompressed read.
 * Also measures the MySQL bytes on the wire with and without compression, and records what the MongoDB server
 * negotiates (mongo-java-server has no OP_COMPRESSED, so it negotiates no compression and the driver falls back to
 * uncompressed messages; against a real server from TEST_MONGODB_URI zlib is used).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(CompressionIT.Compressed.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_compress"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,order_items"),
    // What MYSQL_COMPRESSION=true puts in the JDBC URL (the test resource replaces the URL).
    @ResourceArg(name = "quarkus.datasource.jdbc.additional-jdbc-properties.useCompression", value = "true"),
    @ResourceArg(name = "sync.batch-size", value = "300"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class CompressionIT {

    static final String DB = "mms_compress";
    private static final Logger LOG = Logger.getLogger(CompressionIT.class);

    /** MONGODB_COMPRESSORS=zlib, set as the operator sets it. */
    public static class Compressed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("MONGODB_COMPRESSORS", "zlib");
        }
    }

    @Inject
    SyncEngine engine;

    @Inject
    TableCatalog catalog;

    @Inject
    DataSource dataSource;

    @Inject
    io.mysqlmongosync.mapping.FieldProtector protector;

    @Inject
    MongoClient appClient;

    @ConfigProperty(name = "quarkus.mongodb.connection-string")
    String mongoUri;

    @Test
    @Order(1)
    void compressedLinksProduceTheSameDocumentsAsUncompressedReads() throws Exception {
        EveryTypeProducts.insert(DB);
        TestDatabase.exec(DB, "INSERT INTO products (id, sku, name, description, price, attributes) SELECT seq,"
                + " CONCAT('SKU-', seq), CONCAT('Product ', seq), REPEAT(CONCAT('A fine product number ', seq, '. '), 12),"
                + " seq / 7, CONCAT('{\"n\":', seq, ',\"tags\":[\"a\",\"b\"]}') FROM seq_3_to_1500");
        TestDatabase.exec(DB, "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) SELECT"
                + " 1 + seq DIV 3, seq MOD 3, seq, 1 + seq MOD 5, 9.99 FROM seq_1_to_600");

        RunResult run = engine.run("manual", List.of(), false);
        assertEquals("success", run.status(), run.toString());

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Compression'")) {
            assertTrue(rs.next());
            assertEquals("ON", rs.getString(2), "the service's MySQL connections use the compressed protocol");
        }
        var impl = assertInstanceOf(com.mongodb.client.internal.MongoClientImpl.class,
                io.quarkus.arc.ClientProxy.unwrap(appClient));
        assertEquals(List.of("zlib"), impl.getSettings().getCompressorList().stream().map(MongoCompressor::getName)
                .toList(), "the service's MongoDB client offers zlib");
        assertTrue(impl.getSettings().getRetryWrites(), "retryable writes on by default");
        List<String> negotiated = negotiatedCompressors();
        LOG.infof("MongoDB server negotiated compressors %s for a client offering [zlib]", negotiated);
        if (System.getenv("TEST_MONGODB_URI") == null) {
            assertEquals(List.of(), negotiated, "mongo-java-server does not implement OP_COMPRESSED");
        } else {
            assertEquals(List.of("zlib"), negotiated);
        }

        try (MongoClient plain = MongoClients.create(mongoUri)) {
            for (String table : List.of("products", "order_items")) {
                Map<Object, Document> expected = expectedDocuments(table);
                Map<Object, Document> stored = new LinkedHashMap<>();
                for (Document d : plain.getDatabase("t_" + DB).getCollection(table).find()) {
                    d.get("_sync", Document.class).remove("synced_at");
                    stored.put(d.get("_id"), d);
                }
                assertEquals(expected.size(), stored.size(), table);
                for (Map.Entry<Object, Document> e : expected.entrySet()) {
                    assertEquals(e.getValue(), stored.get(e.getKey()), table + " _id=" + e.getKey());
                }
            }
        }
    }

    @Test
    @Order(2)
    void compressionShrinksTheMySqlTrafficOnLoopback() throws Exception {
        // TestDatabase.port() is 3306 when TEST_MYSQL_URL names none; the proxy listens on loopback in front of it.
        int port = TestDatabase.port();
        long plain = bytesForFullRead(port, false);
        long compressed = bytesForFullRead(port, true);
        LOG.infof("MySQL bytes to the client for SELECT * FROM products (%d rows): %d uncompressed, %d compressed (%.0f%%)",
                countRows(), plain, compressed, 100.0 * compressed / plain);
        assertTrue(compressed < plain * 0.7, "compressed " + compressed + " vs plain " + plain);
    }

    private long countRows() throws Exception {
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM products")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long bytesForFullRead(int port, boolean compression) throws Exception {
        Set<Thread> earlierPipes = pipeThreads();
        try (CountingProxy proxy = new CountingProxy(port)) {
            String url = TestDatabase.jdbcUrl(DB).replaceFirst("^jdbc:mysql://[^/]+/", "jdbc:mysql://127.0.0.1:"
                    + proxy.port() + "/") + "&useCompression=" + compression;
            try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM products")) {
                while (rs.next()) {
                    rs.getString("description");
                }
            }
            // The pipe threads count what they forward; both end once the connection is closed on each side.
            await("the proxy's pipes ended").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> earlierPipes.containsAll(pipeThreads()));
            return proxy.bytesToClient();
        }
    }

    /** The live forwarding threads of every {@link CountingProxy}. */
    private static Set<Thread> pipeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("counting-proxy-pipe")).collect(Collectors.toSet());
    }

    /** What the compressors handshake gives for a client that offers zlib. */
    private List<String> negotiatedCompressors() {
        List<String> seen = new CopyOnWriteArrayList<>();
        // A dynamic proxy, not a class: Quarkus registers every CommandListener class it finds with the service's client.
        CommandListener listener = (CommandListener) java.lang.reflect.Proxy.newProxyInstance(
                CommandListener.class.getClassLoader(), new Class<?>[] {CommandListener.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof CommandStartedEvent event) {
                        seen.addAll(event.getConnectionDescription().getCompressors());
                    }
                    return null;
                });
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri)).compressorList(
                        List.of(MongoCompressor.createZlibCompressor())).addCommandListener(listener).build())) {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        }
        return new ArrayList<>(new java.util.LinkedHashSet<>(seen));
    }

    /** The documents an uncompressed read of {@code table} gives, built as the sync builds them. */
    private Map<Object, Document> expectedDocuments(String table) throws Exception {
        TableContext t = catalog.tables().get(table);
        Map<Object, Document> out = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(KeysetQuery.byPrimaryKey(t.schema(), null).sql(
                        io.mysqlmongosync.source.KeyPosition.start()).replace("LIMIT ?", ""))) {
            while (rs.next()) {
                SourceRow row = t.converter().convert(rs);
                Document data = t.map(protector.protect(table, row.document())).document();
                Document doc = new Document("_id", row.id());
                doc.putAll(data);
                doc.put("_sync", new Document("table", table).append("version", row.version())
                        .append("hash", ContentHash.of(data)));
                // Through BSON and back, so Java types compare as they are stored (byte[] → Binary).
                out.put(row.id(), new RawBsonDocument(doc, new DocumentCodec()).decode(new DocumentCodec()));
            }
        }
        return out;
    }
}
