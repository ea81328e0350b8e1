package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * {@link SyncConfig} built from given values through the same start-up checks as the service (the environment value
 * rules and the {@code _FILE} secrets), for tests of what start-up accepts and how it refuses.
 */
public final class ConfigUnderTest {

    private ConfigUnderTest() {
    }

    /** The configuration {@code values} give. */
    public static SyncConfig build(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .withInterceptors(new EnvironmentValueRules(), new SecretFileValues())
                .withMapping(SyncConfig.class)
                .build();
        return config.getConfigMapping(SyncConfig.class);
    }

    /** The messages of the failure (and its causes) that {@code values} stop start-up with. */
    public static String failure(Map<String, String> values) {
        Throwable t = assertThrows(Throwable.class, () -> build(values));
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
