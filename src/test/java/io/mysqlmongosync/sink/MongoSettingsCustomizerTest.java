package io.mysqlmongosync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCompressor;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import io.mysqlmongosync.config.InvalidSettingException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MONGODB_COMPRESSORS, MONGODB_WRITE_CONCERN, MONGODB_READ_PREFERENCE, MONGODB_RETRY_WRITES and their precedence. */
class MongoSettingsCustomizerTest {

    @Test
    void zlibIsAcceptedSnappyAndZstdAreRefusedNamingTheVariable() {
        assertEquals(List.of("zlib"), settings("MONGODB_COMPRESSORS", "zlib").getCompressorList().stream()
                .map(MongoCompressor::getName).toList());
        assertEquals(List.of(), settings("MONGODB_COMPRESSORS", "none").getCompressorList());
        for (String value : List.of("snappy", "zstd,snappy,zlib", "zstd")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> settings("MONGODB_COMPRESSORS", value));
            assertTrue(e.getMessage().startsWith("Invalid configuration: MONGODB_COMPRESSORS='" + value + "'"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("use MONGODB_COMPRESSORS=zlib"), e.getMessage());
        }
        InvalidSettingException unknown = assertThrows(InvalidSettingException.class,
                () -> settings("MONGODB_COMPRESSORS", "lz4"));
        assertTrue(unknown.getMessage().contains("unknown compressor 'lz4'"), unknown.getMessage());
        InvalidSettingException inUri = assertThrows(InvalidSettingException.class,
                () -> settings("quarkus.mongodb.connection-string", "mongodb://h/?compressors=snappy"));
        assertTrue(inUri.getMessage().contains("MONGODB_URI='compressors=snappy'"), inUri.getMessage());
    }

    @Test
    void everyCallRunsUnderTheOperationTimeoutOrTheShorterVariablesAndNoBoundIsRefused() {
        java.util.concurrent.TimeUnit ms = java.util.concurrent.TimeUnit.MILLISECONDS;
        // Default: SYNC_OPERATION_TIMEOUT_SECONDS=5 is the driver's timeoutMS, the deadline of every operation.
        MongoClientSettings d = settings();
        assertEquals(5_000L, d.getTimeout(ms));
        assertEquals(5_000, d.getSocketSettings().getReadTimeout(ms));
        assertEquals(5_000, d.getSocketSettings().getConnectTimeout(ms), "connect timeout at most the call bound");
        assertEquals(5_000, d.getClusterSettings().getServerSelectionTimeout(ms));
        assertEquals(5_000, customizer().callBoundMillis());
        MongoClientSettings longer = settings("sync.operation-timeout-seconds", "30");
        assertEquals(30_000L, longer.getTimeout(ms));
        assertEquals(MongoSettingsCustomizer.DEFAULT_CONNECT_TIMEOUT_MS, longer.getSocketSettings().getConnectTimeout(ms));
        // Longer URI bounds (a URI written for the old 120 s default) cannot lengthen a call.
        MongoClientSettings uri = settings("quarkus.mongodb.connection-string",
                "mongodb://h/?socketTimeoutMS=120000&connectTimeoutMS=30000&serverSelectionTimeoutMS=30000");
        assertEquals(5_000L, uri.getTimeout(ms));
        assertEquals(5_000, uri.getSocketSettings().getConnectTimeout(ms));
        // Shorter ones (URI, then the variables) narrow it: socket + server selection.
        assertEquals(3_500L, settings("quarkus.mongodb.connection-string",
                "mongodb://h/?socketTimeoutMS=2000&serverSelectionTimeoutMS=1500").getTimeout(ms));
        MongoClientSettings vars = settings("quarkus.mongodb.connection-string", "mongodb://h/?socketTimeoutMS=7000",
                "MONGODB_SOCKET_TIMEOUT_MS", "1500", "MONGODB_CONNECT_TIMEOUT_MS", "800",
                "MONGODB_SERVER_SELECTION_TIMEOUT_MS", "900");
        assertEquals(2_400L, vars.getTimeout(ms));
        assertEquals(800, vars.getSocketSettings().getConnectTimeout(ms));
        assertEquals(2_400, customizer("MONGODB_SOCKET_TIMEOUT_MS", "1500", "MONGODB_SERVER_SELECTION_TIMEOUT_MS", "900")
                .callBoundMillis());
        for (String variable : List.of("MONGODB_SOCKET_TIMEOUT_MS", "MONGODB_CONNECT_TIMEOUT_MS",
                "MONGODB_SERVER_SELECTION_TIMEOUT_MS")) {
            for (String bad : List.of("0", "-5", "10s", "3600001")) {
                InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings(variable, bad));
                assertTrue(e.getMessage().startsWith("Invalid configuration: " + variable + "='" + bad + "'"),
                        e.getMessage());
            }
        }
    }

    @Test
    void retryableWritesDefaultToTrueAndFollowTheUriThenTheVariable() {
        assertTrue(settings().getRetryWrites());
        assertEquals(false, settings("quarkus.mongodb.connection-string", "mongodb://h/?retryWrites=false").getRetryWrites());
        assertEquals(false, settings("MONGODB_RETRY_WRITES", "false").getRetryWrites());
        assertEquals(true, settings("quarkus.mongodb.connection-string", "mongodb://h/?retryWrites=false",
                "MONGODB_RETRY_WRITES", "true").getRetryWrites());
        assertThrows(InvalidSettingException.class, () -> settings("MONGODB_RETRY_WRITES", "maybe"));
    }

    @Test
    void writeConcernComesFromTheVariableElseFromTheUri() {
        assertEquals(WriteConcern.MAJORITY, customizer("quarkus.mongodb.connection-string",
                "mongodb://u:p@cluster0.example.net/?retryWrites=true&w=majority").customize(quarkusDefault()).build()
                .getWriteConcern());
        assertEquals(WriteConcern.MAJORITY, settings("MONGODB_WRITE_CONCERN", "majority").getWriteConcern());
        assertEquals(WriteConcern.W2, settings("MONGODB_WRITE_CONCERN", "2").getWriteConcern());
        assertEquals("dc-tag", settings("MONGODB_WRITE_CONCERN", "dc-tag").getWriteConcern().getWString());
        for (String bad : List.of("0", "-1", "a b")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> settings("MONGODB_WRITE_CONCERN", bad));
            assertTrue(e.getMessage().contains("MONGODB_WRITE_CONCERN='" + bad + "'"), e.getMessage());
        }
        assertEquals(WriteConcern.JOURNALED, customizer().customize(quarkusDefault()).build().getWriteConcern(),
                "neither variable nor URI: Quarkus' setting stays");
    }

    @Test
    void readPreferenceIsValidated() {
        assertEquals(ReadPreference.secondaryPreferred(),
                settings("MONGODB_READ_PREFERENCE", "secondaryPreferred").getReadPreference());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> settings("MONGODB_READ_PREFERENCE", "closest"));
        assertTrue(e.getMessage().contains("MONGODB_READ_PREFERENCE='closest'"), e.getMessage());
    }

    /** What Quarkus sets when quarkus.mongodb.write-concern.* is left alone: acknowledged and journaled. */
    private static MongoClientSettings.Builder quarkusDefault() {
        return MongoClientSettings.builder().writeConcern(WriteConcern.JOURNALED);
    }

    private static MongoClientSettings settings(String... pairs) {
        return customizer(pairs).customize(MongoClientSettings.builder()).build();
    }

    private static MongoSettingsCustomizer customizer(String... pairs) {
        Map<String, String> props = new HashMap<>();
        props.put("quarkus.mongodb.connection-string", "mongodb://localhost:27017");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return new MongoSettingsCustomizer(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(props, "test", 100)).build());
    }
}
