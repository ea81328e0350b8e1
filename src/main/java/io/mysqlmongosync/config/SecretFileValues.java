package io.mysqlmongosync.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Lets every secret setting come from a file, as Kubernetes mounts secrets: when {@code <NAME>_FILE} is set,
 * {@code <NAME>} reads as the file's content (trailing line breaks removed). Setting both is refused, naming the
 * variables but never a value. The file is read on each lookup; Quarkus reads these settings once at start-up, so
 * only the MySQL password (re-read for every new connection by {@link io.mysqlmongosync.source.MysqlConnectionSecrets})
 * rotates without a restart. Registered through {@code META-INF/services}.
 *
 * <p>Its priority puts it just below the expression interceptor (3300), so that a {@code ${MONGODB_URI:...}}
 * reference in application.properties, which is resolved further down the chain, still reaches it.
 */
@Priority(Priorities.LIBRARY + 250)
public class SecretFileValues implements ConfigSourceInterceptor {

    /**
     * Name looked up → environment variable, for the settings that may come from a file. The {@code sync.*}
     * names are how the service reads them (the environment variable maps onto them); their file setting is
     * {@code <name>-file}, which SYNC_..._FILE maps onto. MYSQL_PASSWORD is not here: its file is read for every
     * new connection instead.
     */
    static final Map<String, String> SECRETS = Map.of(
            "MONGODB_URI", "MONGODB_URI",
            "MYSQL_SSL_TRUST_STORE_PASSWORD", "MYSQL_SSL_TRUST_STORE_PASSWORD",
            "sync.api.operator-token", "SYNC_API_OPERATOR_TOKEN",
            "sync.api.viewer-token", "SYNC_API_VIEWER_TOKEN",
            "sync.protect.hmac-key", "SYNC_PROTECT_HMAC_KEY",
            "sync.protect.aes-key", "SYNC_PROTECT_AES_KEY",
            "sync.events-webhook-secret", "SYNC_EVENTS_WEBHOOK_SECRET");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String variable = SECRETS.get(name);
        if (variable == null) {
            return value;
        }
        ConfigValue file = context.proceed(name.equals(variable) ? name + "_FILE" : name + "-file");
        if (file == null || file.getValue() == null || file.getValue().isBlank()) {
            return value;
        }
        if (value != null && value.getValue() != null && !value.getValue().isEmpty()) {
            throw new InvalidSettingException(variable + "_FILE",
                    "set either " + variable + " or " + variable + "_FILE, not both");
        }
        String content = read(variable + "_FILE", file.getValue().trim());
        return ConfigValue.builder().withName(name).withValue(content).withConfigSourceName(variable + "_FILE")
                .withConfigSourceOrdinal(file.getConfigSourceOrdinal()).build();
    }

    /**
     * Reads a secret file named by {@code variable}: UTF-8, trailing CR/LF removed (files written with
     * {@code echo} end with one). The message of a failure names the variable and the path, never content.
     */
    public static String read(String variable, String path) {
        try {
            String s = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
                end--;
            }
            return s.substring(0, end);
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(variable, path, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
