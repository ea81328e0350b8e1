package io.mysqlmongosync.sink;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCompressor;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.MongoTlsCustomizer;
import io.quarkus.mongodb.runtime.MongoClientCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * Applies the MONGODB_* settings that Quarkus has no key for, or defaults wrongly for a sync service, to the
 * MongoDB client. Quarkus calls it after building the settings from {@code quarkus.mongodb.*}, so it has the last
 * word:
 *
 * <ul>
 * <li>{@code MONGODB_COMPRESSORS} ({@code zlib}, {@code zstd,snappy,zlib}, {@code none}): wire compression, negotiated
 * with the server (the first name both sides support wins; a server that supports none gets uncompressed
 * traffic). zlib uses {@code java.util.zip} and works in JVM and native mode; snappy and zstd need snappy-java /
 * zstd-jni, which this build does not ship, so naming them stops start-up unless the library is on the classpath
 * (their JNI libraries are not set up for the native image either).</li>
 * <li>{@code MONGODB_WRITE_CONCERN} ({@code majority}, a number of at least 1, or a tag-set name): Quarkus replaces
 * the connection string's {@code w} with its own default (acknowledged, journaled), which would silently drop
 * Atlas' {@code w=majority}; so when the variable is unset the connection string's write concern is kept.
 * {@code w=0} is refused: checkpoints must only follow acknowledged writes.</li>
 * <li>{@code MONGODB_READ_PREFERENCE}: the driver's read preference names.</li>
 * <li>{@code MONGODB_RETRY_WRITES} (default {@code true}, or the connection string's {@code retryWrites} when the
 * variable is unset): Quarkus defaults retryable writes to false, so a primary election on a replica set would fail
 * a page write the driver can safely retry once (upserts by {@code _id} are idempotent anyway).</li>
 * <li>Deadlines: every MongoDB call (server selection, connection check-out, every round trip, the driver's own
 * retry of a retryable write) runs under the driver's client-side operation timeout ({@code timeoutMS}), the
 * {@linkplain #callBoundMillis() call bound}: {@code SYNC_OPERATION_TIMEOUT_SECONDS}, or less when
 * {@code MONGODB_SOCKET_TIMEOUT_MS} + {@code MONGODB_SERVER_SELECTION_TIMEOUT_MS} (or the connection string's
 * {@code socketTimeoutMS} + {@code serverSelectionTimeoutMS}) is shorter. A server whose connections go silent (no
 * FIN/RST: a dead primary, a dropped NAT entry) fails the call with a timeout after it, which the fault-tolerance
 * policy retries; the connection is closed, not reused. {@code MONGODB_CONNECT_TIMEOUT_MS} (default
 * {@value #DEFAULT_CONNECT_TIMEOUT_MS}, at most the operation timeout) also bounds the driver's heartbeats;
 * {@code 0} (no bound) is refused.</li>
 * </ul>
 * Invalid values stop start-up with a message naming the variable. Quarkus takes one customizer per client, so this
 * one also applies {@link MongoTlsCustomizer} (MONGODB_TLS_CA_FILE).
 */
@ApplicationScoped
public class MongoSettingsCustomizer implements MongoClientCustomizer {

    /** Default bound of opening a connection (TCP, TLS and the handshake) in milliseconds, at most the call bound. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    private static final String OPERATION_TIMEOUT = "sync.operation-timeout-seconds";
    private static final int MAX_TIMEOUT_MS = 3_600_000;

    private final Config config;
    private final MongoTlsCustomizer tls;

    @Inject
    MongoSettingsCustomizer(Config config, MongoTlsCustomizer tls) {
        this.config = config;
        this.tls = tls;
    }

    /** Without TLS settings (unit tests). */
    MongoSettingsCustomizer(Config config) {
        this(config, null);
    }

    /** Validates the settings at start-up, before the client is first used, so a bad value stops the service. */
    void check(@Observes StartupEvent event) {
        customize(MongoClientSettings.builder());
    }

    @Override
    public MongoClientSettings.Builder customize(MongoClientSettings.Builder builder) {
        if (tls != null) {
            tls.customize(builder);
        }
        ConnectionString uri = connectionString();
        Optional<String> compressors = raw("MONGODB_COMPRESSORS");
        if (compressors.isPresent()) {
            builder.compressorList(compressors("MONGODB_COMPRESSORS", compressors.get()));
        } else if (uri != null) {
            for (MongoCompressor c : uri.getCompressorList()) {
                requireLibrary("MONGODB_URI", "compressors=" + c.getName(), c.getName());
            }
        }
        Optional<String> w = raw("MONGODB_WRITE_CONCERN");
        if (w.isPresent()) {
            builder.writeConcern(writeConcern(w.get()));
        } else if (uri != null && uri.getWriteConcern() != null
                && config.getOptionalValue("quarkus.mongodb.write-concern.w", String.class).isEmpty()) {
            builder.writeConcern(uri.getWriteConcern());
        }
        raw("MONGODB_READ_PREFERENCE").ifPresent(v -> builder.readPreference(readPreference(v)));
        Optional<String> retry = raw("MONGODB_RETRY_WRITES");
        builder.retryWrites(retry.isPresent() ? bool("MONGODB_RETRY_WRITES", retry.get())
                : uri == null || uri.getRetryWritesValue() == null || uri.getRetryWritesValue());
        long bound = callBoundMillis();
        int connect = (int) Math.min(bound, timeout("MONGODB_CONNECT_TIMEOUT_MS",
                uri == null ? null : uri.getConnectTimeout(), DEFAULT_CONNECT_TIMEOUT_MS));
        // timeoutMS replaces the socket read and server selection bounds of every operation; they are set to the
        // same bound for what runs outside an operation (the driver's monitors).
        builder.timeout(bound, TimeUnit.MILLISECONDS);
        builder.applyToSocketSettings(b -> b.readTimeout((int) bound, TimeUnit.MILLISECONDS)
                .connectTimeout(connect, TimeUnit.MILLISECONDS));
        builder.applyToClusterSettings(b -> b.serverSelectionTimeout(bound, TimeUnit.MILLISECONDS));
        return builder;
    }

    /**
     * The longest one MongoDB call (one attempt) may take in milliseconds, the driver's {@code timeoutMS}:
     * SYNC_OPERATION_TIMEOUT_SECONDS, or MONGODB_SOCKET_TIMEOUT_MS + MONGODB_SERVER_SELECTION_TIMEOUT_MS (else the
     * connection string's) when shorter; an unset one counts as the operation timeout. LeaseBudget builds the write
     * budget from it.
     */
    public long callBoundMillis() {
        ConnectionString uri = connectionString();
        int operation = operationTimeoutMillis();
        long socket = timeout("MONGODB_SOCKET_TIMEOUT_MS", uri == null ? null : uri.getSocketTimeout(), operation);
        long selection = timeout("MONGODB_SERVER_SELECTION_TIMEOUT_MS",
                uri == null ? null : uri.getServerSelectionTimeout(), operation);
        return Math.min(operation, socket + selection);
    }

    /** SYNC_OPERATION_TIMEOUT_SECONDS in milliseconds (validated by EnvironmentValueRules). */
    private int operationTimeoutMillis() {
        return config.getOptionalValue(OPERATION_TIMEOUT, Integer.class)
                .orElse(Integer.parseInt(io.mysqlmongosync.config.SyncConfig.DEFAULT_OPERATION_TIMEOUT_SECONDS)) * 1000;
    }

    /**
     * The bound in milliseconds set by {@code variable}, else the connection string's (when set and not 0, which
     * means none to the driver), else {@code fallback}.
     */
    private int timeout(String variable, Integer fromUri, int fallback) {
        Optional<String> value = raw(variable);
        if (value.isEmpty()) {
            return fromUri != null && fromUri > 0 ? fromUri : fallback;
        }
        return timeoutMillis(variable, value.get());
    }

    /** Parses a timeout in milliseconds, 1 to one hour. */
    static int timeoutMillis(String variable, String value) {
        String v = value.trim();
        if (v.matches("[0-9]{1,7}")) {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_TIMEOUT_MS) {
                return n;
            }
        }
        throw new InvalidSettingException(variable, value, "must be a number of milliseconds from 1 to " + MAX_TIMEOUT_MS
                + " (0, no bound, is refused: a silent server would hang the sync)");
    }

    /** Parses a MONGODB_COMPRESSORS value; {@code none} means no compression. */
    static List<MongoCompressor> compressors(String variable, String value) {
        List<MongoCompressor> out = new ArrayList<>();
        if (value.trim().equalsIgnoreCase("none")) {
            return out;
        }
        for (String raw : value.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            requireLibrary(variable, value, name);
            out.add(switch (name) {
                case "zlib" -> MongoCompressor.createZlibCompressor();
                case "snappy" -> MongoCompressor.createSnappyCompressor();
                default -> MongoCompressor.createZstdCompressor();
            });
        }
        return out;
    }

    private static void requireLibrary(String variable, String value, String name) {
        String library = switch (name) {
            case "zlib" -> null;
            case "snappy" -> "org.xerial.snappy.Snappy";
            case "zstd" -> "com.github.luben.zstd.Zstd";
            default -> throw new InvalidSettingException(variable, value,
                    "names an unknown compressor '" + name + "'; use zlib, zstd or snappy (comma-separated), or none");
        };
        if (library != null && !present(library)) {
            throw new InvalidSettingException(variable, value, "names " + name + ", which needs the "
                    + (name.equals("snappy") ? "snappy-java (org.xerial.snappy:snappy-java)"
                    : "zstd-jni (com.github.luben:zstd-jni)") + " library, and this build does not include it;"
                    + " use MONGODB_COMPRESSORS=zlib");
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, MongoSettingsCustomizer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Parses a MONGODB_WRITE_CONCERN value. */
    static WriteConcern writeConcern(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("majority")) {
            return WriteConcern.MAJORITY;
        }
        if (v.matches("-?[0-9]+")) {
            if (v.length() > 3 || Integer.parseInt(v) < 1) {
                throw new InvalidSettingException("MONGODB_WRITE_CONCERN", value, "must be majority, a number from 1"
                        + " to 999 or a tag-set name (w=0 would checkpoint writes nobody acknowledged)");
            }
            return WriteConcern.ACKNOWLEDGED.withW(Integer.parseInt(v));
        }
        if (!v.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
            throw new InvalidSettingException("MONGODB_WRITE_CONCERN", value,
                    "must be majority, a number from 1 to 999 or a tag-set name");
        }
        return WriteConcern.ACKNOWLEDGED.withW(v);
    }

    /** Parses a MONGODB_READ_PREFERENCE value. */
    static ReadPreference readPreference(String value) {
        try {
            return ReadPreference.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("MONGODB_READ_PREFERENCE", value,
                    "must be primary, primaryPreferred, secondary, secondaryPreferred or nearest");
        }
    }

    private static boolean bool(String variable, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(variable, value, "must be true or false");
        };
    }

    private Optional<String> raw(String variable) {
        return config.getOptionalValue(variable, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    private ConnectionString connectionString() {
        try {
            return config.getOptionalValue("quarkus.mongodb.connection-string", String.class).map(ConnectionString::new)
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            // The driver's message describes the syntax problem without repeating the string (no password leaks).
            throw new InvalidSettingException("MONGODB_URI", "is not a valid MongoDB connection string: "
                    + e.getMessage());
        }
    }
}
