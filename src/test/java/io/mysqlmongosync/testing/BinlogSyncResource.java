package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The service against a private MariaDB with the binlog on ({@link BinlogMariaDb}) and the in-process MongoDB,
 * streaming with {@code SYNC_CAPTURE_MODE=binlog}. The database {@value #DATABASE} holds table {@code items}
 * (id, name, qty, price, updated_at) with three rows and a user {@value #USER} with SELECT and the replication
 * privileges. Args: {@code dir} (server directory under target/).
 */
public class BinlogSyncResource implements QuarkusTestResourceLifecycleManager {

    /** Database and user of the binlog server. */
    public static final String DATABASE = "cdc_sync";
    public static final String USER = "cdc";
    public static final String PASSWORD = "cdc-pw-0123";

    /** The running server, for the test's own statements. */
    public static volatile BinlogMariaDb server;

    private String dir;
    private MongoServer mongo;

    @Override
    public void init(Map<String, String> initArgs) {
        dir = initArgs.getOrDefault("dir", "target/binlog-sync");
    }

    @Override
    public Map<String, String> start() {
        try {
            server = BinlogMariaDb.start(Path.of(dir), 21);
            server.exec(null, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4",
                    "CREATE TABLE " + DATABASE + ".items (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT NOT NULL,"
                            + " price DECIMAL(10,2) NOT NULL, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
                            + " ON UPDATE CURRENT_TIMESTAMP(6), INDEX idx_items_updated (updated_at))",
                    "INSERT INTO " + DATABASE + ".items (id, name, qty, price) VALUES (1, 'kettle', 1, 24.90),"
                            + " (2, 'teapot', 2, 19.50), (3, 'cup', 3, 4.20)",
                    "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + USER + "'@'%'");
            mongo = new MongoServer(new MemoryBackend());
            mongo.bind("127.0.0.1", 0);
            Map<String, String> props = new HashMap<>();
            props.put("quarkus.datasource.jdbc.url", server.url(DATABASE));
            props.put("quarkus.datasource.username", USER);
            props.put("quarkus.datasource.password", PASSWORD);
            props.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
            props.put("quarkus.mongodb.database", "t_" + DATABASE);
            props.put("sync.tables", "items");
            props.put("sync.safety-lag-seconds", "0");
            props.put("SYNC_CAPTURE_MODE", "binlog");
            props.put("sync.cdc.server-id", "7700");
            return props;
        } catch (java.sql.SQLException e) {
            stop();
            throw new IllegalStateException("Cannot set up the binlog MariaDB: " + e.getMessage(), e);
        }
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
