package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives each test class its own MariaDB database (created from a schema script before the service starts,
 * because start-up discovers the tables) and its own MongoDB: the in-process mongo-java-server, or the
 * server named by {@code TEST_MONGODB_URI}.
 *
 * <p>Args: {@code database} (required), {@code schema} (classpath script), {@code tables} (SYNC_TABLES), {@code proxyPort} (connect
 * MySQL through a {@link TcpProxy} on that port, which the test starts and stops), {@code mysqlProxy=true} /
 * {@code mongoProxy=true} (connect MySQL / MongoDB through a started {@link TcpProxy} on a free port; both are
 * injected into the test's {@link TestProxies} field), {@code mongoOplog=true} (the in-process server keeps an oplog,
 * so it offers change streams); any
 * arg named {@code sync.*}, {@code quarkus.*}, {@code io.*}, {@code SYNC_*} or {@code MONGODB_*} is passed on as a
 * config property.
 */
public class SyncTestResource implements QuarkusTestResourceLifecycleManager {

    private MongoServer mongo;
    private String database;
    private String schema;
    private String tables;
    private String proxyPort;
    private boolean viaMongoProxy;
    private boolean viaMysqlProxy;
    private boolean oplog;
    private TcpProxy mongoProxy;
    private TcpProxy mysqlProxy;
    private final Map<String, String> extra = new HashMap<>();

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        schema = initArgs.get("schema");
        tables = initArgs.get("tables");
        proxyPort = initArgs.get("proxyPort");
        viaMongoProxy = Boolean.parseBoolean(initArgs.get("mongoProxy"));
        viaMysqlProxy = Boolean.parseBoolean(initArgs.get("mysqlProxy"));
        oplog = Boolean.parseBoolean(initArgs.get("mongoOplog"));
        initArgs.forEach((k, v) -> {
            if (k.startsWith("sync.") || k.startsWith("quarkus.") || k.startsWith("io.") || k.startsWith("SYNC_")
                    || k.startsWith("MONGODB_") || k.startsWith("MYSQL_")) {
                extra.put(k, v);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        TestDatabase.recreate(database, schema);
        Map<String, String> props = new HashMap<>();
        if (viaMysqlProxy) {
            mysqlProxy = started(new TcpProxy(TestDatabase.port()));
            proxyPort = String.valueOf(mysqlProxy.port());
        }
        props.put("quarkus.datasource.jdbc.url", proxyPort == null ? TestDatabase.jdbcUrl(database)
                : TestDatabase.jdbcUrl(database).replaceFirst(":\\d+/", ":" + proxyPort + "/"));
        props.put("quarkus.datasource.username", TestDatabase.user());
        props.put("quarkus.datasource.password", TestDatabase.password());
        String uri = System.getenv("TEST_MONGODB_URI");
        if (uri == null || uri.isBlank()) {
            MemoryBackend backend = new MemoryBackend();
            if (oplog) {
                backend.enableOplog();
            }
            mongo = new MongoServer(backend);
            mongo.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
            if (viaMongoProxy) {
                mongoProxy = started(new TcpProxy(mongo.getLocalAddress().getPort()));
                uri = "mongodb://127.0.0.1:" + mongoProxy.port();
            }
        }
        props.put("quarkus.mongodb.connection-string", uri);
        props.put("quarkus.mongodb.database", "t_" + database);
        if (tables != null) {
            props.put("sync.tables", tables);
        }
        props.putAll(extra);
        return props;
    }

    private static TcpProxy started(TcpProxy proxy) {
        try {
            proxy.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return proxy;
    }

    @Override
    public void inject(TestInjector injector) {
        if (mongoProxy != null || mysqlProxy != null) {
            injector.injectIntoFields(new TestProxies(mysqlProxy, mongoProxy),
                    new TestInjector.MatchesType(TestProxies.class));
        }
    }

    @Override
    public void stop() {
        for (TcpProxy p : new TcpProxy[] {mongoProxy, mysqlProxy}) {
            if (p != null) {
                try {
                    p.close();
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            }
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }
}
