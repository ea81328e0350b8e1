package io.mysqlmongosync.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The per-table settings, {@code SYNC_<TABLE>_<SETTING>} and {@code SYNC_PROTECT_<TABLE>}: the one place that reads
 * them (their names depend on the configured tables, so they cannot be methods of {@link SyncConfig}), and
 * SYNC_CAPTURE_MODE, which a table's own capture mode overrides. Values are trimmed; an empty value counts as unset.
 * What a value must look like is checked by its user, which knows the table's schema, naming the variable.
 */
@ApplicationScoped
public class TableSettings {

    /** A per-table setting as set: the variable to name in messages and its (trimmed) value. */
    public record Setting(String variable, String value) {

        /**
         * The value as a whole number from {@code min} to {@code max}.
         *
         * @throws InvalidSettingException naming the variable and the value, with {@code rule}, otherwise
         */
        public int wholeNumber(int min, int max, String rule) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below like a number out of range
            }
            throw new InvalidSettingException(variable, value, rule);
        }
    }

    /**
     * Every per-table setting, the part of {@code SYNC_<TABLE>_<SETTING>} after the table: {@link #of} reads no other,
     * and docs/CONFIGURATION.md describes each (ConfigurationReferenceTest).
     */
    public static final Set<String> SETTINGS = Set.of("COLLECTION", "SOFT_DELETE_COLUMN", "CAPTURE_MODE",
            "INTERVAL_MINUTES", "REPAIR_INTERVAL_MINUTES");

    /** The capture mode of every table without its own SYNC_&lt;TABLE&gt;_CAPTURE_MODE. */
    public static final String CAPTURE_MODE = "SYNC_CAPTURE_MODE";

    private static final String PROTECT = "SYNC_PROTECT_";
    /** Settings that share the SYNC_PROTECT_ prefix but are keys, not tables. */
    private static final Set<String> PROTECTION_KEYS = Set.of("HMAC_KEY", "HMAC_KEY_FILE", "AES_KEY", "AES_KEY_FILE");

    private final Config config;

    /** Reads the settings from {@code config}. */
    public TableSettings(Config config) {
        this.config = config;
    }

    /** The variable of {@code setting} for {@code table}: {@code SYNC_<TABLE>_<SETTING>}. */
    public static String variable(String table, String setting) {
        return "SYNC_" + table.toUpperCase(Locale.ROOT) + "_" + setting;
    }

    /** SYNC_&lt;TABLE&gt;_COLLECTION (or the property {@code sync.collection.<table>}): the target collection. */
    public Optional<Setting> collection(String table) {
        String variable = variable(table, "COLLECTION");
        return value(variable).or(() -> value("sync.collection." + table).map(s -> new Setting(variable, s.value())));
    }

    /** SYNC_&lt;TABLE&gt;_SOFT_DELETE_COLUMN: the table's soft-delete column, or {@code none}. */
    public Optional<Setting> softDeleteColumn(String table) {
        return value(variable(table, "SOFT_DELETE_COLUMN"));
    }

    /** SYNC_&lt;TABLE&gt;_CAPTURE_MODE, else SYNC_CAPTURE_MODE: how the table's changes are captured. */
    public Optional<Setting> captureMode(String table) {
        return value(variable(table, "CAPTURE_MODE")).or(this::captureMode);
    }

    /** SYNC_CAPTURE_MODE: how the changes of every table without its own mode are captured. */
    public Optional<Setting> captureMode() {
        return value(CAPTURE_MODE);
    }

    /** SYNC_&lt;TABLE&gt;_&lt;SETTING&gt; for any other per-table setting (e.g. {@code CAPTURE_MODE}). */
    public Optional<Setting> of(String table, String setting) {
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(setting + " is not a per-table setting (TableSettings.SETTINGS)");
        }
        return value(variable(table, setting));
    }

    /**
     * Every SYNC_PROTECT_&lt;TABLE&gt; that is set, by the table part of its name (as spelt in the variable), in the
     * order the configuration lists them; the protection keys (SYNC_PROTECT_HMAC_KEY, ...) are not tables.
     */
    public Map<String, Setting> protections() {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PROTECT)) {
                continue;
            }
            String table = name.substring(PROTECT.length());
            if (!table.isEmpty() && !PROTECTION_KEYS.contains(table)) {
                out.put(table, new Setting(name, config.getOptionalValue(name, String.class).orElse("").trim()));
            }
        }
        return out;
    }

    private Optional<Setting> value(String name) {
        return config.getOptionalValue(name, String.class).map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> new Setting(name, v));
    }
}
