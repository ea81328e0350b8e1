package io.mysqlmongosync.sink;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * The target database as the connection checks see it (readiness, {@code GET /sync/health}, the API's dependency
 * gate), through a client of its own: the sync's pool may hold a connection that went silent (no FIN, no RST), and a
 * check waiting on it would say nothing for as long as its deadline. This client uses a connection for one call only
 * (one idle for {@link #IDLE} is closed when next checked out, so each call opens its own: a handful per check, and
 * checks run every few seconds at most) and bounds every call by {@link #DEADLINE}; otherwise it has the sync
 * client's settings (connection string, TLS, MONGODB_*).
 */
@ApplicationScoped
public class CheckDatabase {

    /** The deadline of one call of a check (its connection, TLS and handshake included). */
    public static final Duration DEADLINE = Duration.ofSeconds(2);
    /** A connection idle this long is not used again (0 would mean no limit to the driver). */
    static final Duration IDLE = Duration.ofMillis(1);

    private final MongoSettingsCustomizer settings;
    private final Config config;
    private volatile MongoClient client;

    CheckDatabase(MongoSettingsCustomizer settings, Config config) {
        this.settings = settings;
        this.config = config;
    }

    /** The target database (MONGODB_DATABASE) through the checks' client, every call bounded by {@link #DEADLINE}. */
    public MongoDatabase database() {
        return client().getDatabase(config.getValue("quarkus.mongodb.database", String.class));
    }

    private MongoClient client() {
        MongoClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = MongoClients.create(settings());
                }
                c = client;
            }
        }
        return c;
    }

    /** The sync client's settings with the checks' deadline and a pool that does not keep connections. */
    MongoClientSettings settings() {
        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(
                new ConnectionString(config.getValue("quarkus.mongodb.connection-string", String.class)));
        if (config.getOptionalValue("quarkus.mongodb.tls", Boolean.class).orElse(false)) {
            b.applyToSslSettings(s -> s.enabled(true));
        }
        settings.customize(b);
        int deadline = (int) DEADLINE.toMillis();
        return b.timeout(deadline, TimeUnit.MILLISECONDS)
                .applyToSocketSettings(s -> s.connectTimeout(deadline, TimeUnit.MILLISECONDS)
                        .readTimeout(deadline, TimeUnit.MILLISECONDS))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(deadline, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(p -> p.minSize(0).maxSize(2)
                        .maxConnectionIdleTime(IDLE.toMillis(), TimeUnit.MILLISECONDS))
                .build();
    }

    @PreDestroy
    void close() {
        MongoClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
