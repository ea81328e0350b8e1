package io.mysqlmongosync.testing;

import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service against a private MariaDB with the binlog on ({@link BinlogMariaDb}) and the in-process MongoDB,
 * streaming with {@code SYNC_CAPTURE_MODE=binlog}. The database {@value #DATABASE} holds table {@code items}
 * (id, name, qty, price, updated_at) with three rows and a user {@value #USER} with SELECT and the replication
 * privileges. The sync starts paused like every test's, which stops streams too: a test calls
 * {@link #resumeWithoutScheduledRuns()} first; the binlog supervisor then looks after the streams every second.
 *
 * <p>Args: {@code dir} (server directory under target/), {@code mode} (SYNC_CAPTURE_MODE, default binlog),
 * {@code embed=true} (also tables {@code orders}, {@code order_lines} embedded as {@code lines} and
 * {@code customers} referenced as {@code customer}, all in SYNC_TABLES), {@code settings} (more properties,
 * {@code key=value;key=value}), {@code serverOptions} (more {@code mariadbd} options, space-separated, e.g.
 * {@code --max-allowed-packet=64M}), {@code setup} (a classpath script run in {@value #DATABASE} before the
 * service starts, statements ending with a semicolon at the end of a line) and {@code tables} (more SYNC_TABLES,
 * comma-separated: the setup script's tables).
 */
public class BinlogSyncResource implements QuarkusTestResourceLifecycleManager {

    /** Database and user of the binlog server. */
    public static final String DATABASE = "cdc_sync";
    public static final String USER = "cdc";
    public static final String PASSWORD = "cdc-pw-0123";

    /** The running server, for the test's own statements. */
    public static volatile BinlogMariaDb server;

    private String dir;
    private String mode;
    private boolean embed;
    private String settings;
    private String[] serverOptions;
    private String setup;
    private String moreTables;
    private MongoServer mongo;

    @Override
    public void init(Map<String, String> initArgs) {
        dir = initArgs.getOrDefault("dir", "target/binlog-sync");
        mode = initArgs.getOrDefault("mode", "binlog");
        embed = Boolean.parseBoolean(initArgs.getOrDefault("embed", "false"));
        settings = initArgs.getOrDefault("settings", "");
        String options = initArgs.getOrDefault("serverOptions", "").trim();
        serverOptions = options.isEmpty() ? new String[0] : options.split("\\s+");
        setup = initArgs.get("setup");
        moreTables = initArgs.get("tables");
    }

    @Override
    public Map<String, String> start() {
        try {
            server = BinlogMariaDb.start(Path.of(dir), 21, serverOptions);
            server.exec(null, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4",
                    "CREATE TABLE " + DATABASE + ".items (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT NOT NULL,"
                            + " price DECIMAL(10,2) NOT NULL, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
                            + " ON UPDATE CURRENT_TIMESTAMP(6), INDEX idx_items_updated (updated_at))",
                    "INSERT INTO " + DATABASE + ".items (id, name, qty, price) VALUES (1, 'kettle', 1, 24.90),"
                            + " (2, 'teapot', 2, 19.50), (3, 'cup', 3, 4.20)",
                    "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + USER + "'@'%'");
            List<String> tables = new ArrayList<>(List.of("items"));
            if (setup != null) {
                runSetup();
            }
            if (moreTables != null) {
                tables.addAll(List.of(moreTables.split(",")));
            }
            Map<String, String> props = new HashMap<>();
            if (embed) {
                createEmbedTables();
                tables.addAll(List.of("orders", "order_lines", "customers"));
                props.put("sync.mapping-file", mappingFile().toString());
            }
            mongo = new MongoServer(new MemoryBackend());
            mongo.bind("127.0.0.1", 0);
            props.put("quarkus.datasource.jdbc.url", server.url(DATABASE));
            props.put("quarkus.datasource.username", USER);
            props.put("quarkus.datasource.password", PASSWORD);
            props.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
            props.put("quarkus.mongodb.database", "t_" + DATABASE);
            props.put("sync.tables", String.join(",", tables));
            props.put("sync.safety-lag-seconds", "0");
            // the test profile pins polling: the profiled key is set too so this choice wins
            props.put("SYNC_CAPTURE_MODE", mode);
            props.put("%test.SYNC_CAPTURE_MODE", mode);
            props.put("sync.cdc.server-id", "7700");
            props.put("SYNC_CDC_SUPERVISE_EVERY", "1s");
            for (String pair : settings.split(";")) {
                if (pair.contains("=")) {
                    props.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
                }
            }
            return props;
        } catch (java.sql.SQLException | IOException e) {
            stop();
            throw new IllegalStateException("Cannot set up the binlog MariaDB: " + e.getMessage(), e);
        }
    }

    private void runSetup() throws IOException, java.sql.SQLException {
        try (java.io.InputStream in = BinlogSyncResource.class.getResourceAsStream(setup)) {
            if (in == null) {
                throw new IOException("no classpath resource " + setup);
            }
            String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            for (String stmt : sql.split(";\\s*\\n")) {
                String s = stmt.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n").trim();
                if (!s.isEmpty()) {
                    statements.add(s);
                }
            }
            server.exec(DATABASE, statements.toArray(String[]::new));
        }
    }

    private void createEmbedTables() throws java.sql.SQLException {
        server.exec(DATABASE,
                "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, updated_at DATETIME(6) NOT NULL"
                        + " DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX (updated_at))",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NULL, note VARCHAR(50) NOT NULL,"
                        + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),"
                        + " INDEX (updated_at))",
                "CREATE TABLE order_lines (id INT PRIMARY KEY, order_id INT NOT NULL, sku VARCHAR(20) NOT NULL,"
                        + " qty INT NOT NULL, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE"
                        + " CURRENT_TIMESTAMP(6), INDEX (updated_at), INDEX (order_id))",
                "INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Grace')",
                "INSERT INTO orders (id, customer_id, note) VALUES (10, 1, 'first'), (11, 2, 'second')",
                "INSERT INTO order_lines (id, order_id, sku, qty) VALUES (100, 10, 'A', 1), (101, 10, 'B', 2),"
                        + " (102, 11, 'C', 3)");
    }

    private Path mappingFile() throws IOException {
        Path file = Path.of(dir).toAbsolutePath().resolve("mapping.yaml");
        Files.writeString(file, """
                collections:
                  orders:
                    embed:
                      - {type: many, table: order_lines, as: lines, foreign_key: order_id, drop: [updated_at]}
                      - {type: one, table: customers, as: customer, local_key: customer_id, fields: [name]}
                """);
        return file;
    }

    /**
     * Starts a new binlog file and purges every older one, once no replica reads them (the server keeps a file in
     * use): afterwards the oldest binlog file is the current one.
     */
    public static void purgeBinlogs() throws Exception {
        try (java.sql.Connection c = server.root(null); java.sql.Statement s = c.createStatement()) {
            await("binlog readers gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    count(s, "SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE 'Binlog Dump%'") == 0);
            s.execute("FLUSH BINARY LOGS");
            String current = first(s, "SHOW MASTER STATUS");
            // a file is kept until the storage engine checkpointed its transactions: try again for a while
            await("older binlogs purged").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        s.execute("PURGE BINARY LOGS TO '" + current + "'");
                        return current.equals(first(s, "SHOW BINARY LOGS"));
                    });
        }
    }

    private static long count(java.sql.Statement s, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String first(java.sql.Statement s, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Resumes the sync with the next scheduled run a day away (the test runs the engine itself), so streams run and
     * the supervisor keeps them running.
     */
    public static void resumeWithoutScheduledRuns() {
        io.restassured.RestAssured.given().contentType("application/json").body("{\"interval_minutes\": 1440}")
                .put("/sync/interval").then().statusCode(200);
        io.restassured.RestAssured.given().post("/sync/resume").then().statusCode(200);
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
