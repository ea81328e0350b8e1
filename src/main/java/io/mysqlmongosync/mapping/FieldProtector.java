package io.mysqlmongosync.mapping;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Field-level protection per table and column, applied to every document before it is hashed and written:
 * {@code SYNC_PROTECT_<TABLE>=email:mask,phone:hash,ssn:drop,notes:encrypt}. Modes: {@code mask} (see
 * {@link FieldCrypto#mask}), {@code hash} (HMAC-SHA256 hex, key SYNC_PROTECT_HMAC_KEY), {@code drop} (the field
 * is not written) and {@code encrypt} (AES-256-GCM, base64 32-byte key SYNC_PROTECT_AES_KEY). NULL stays null.
 * A protected DATETIME column also loses its {@code <column>_micros} sibling, which would reveal it.
 *
 * <p>Start-up stops, naming the variable, on a table not in SYNC_TABLES, an unknown mode, a missing or bad key,
 * and (once the schema is known) an unknown column or a primary-key column (the key is also the {@code _id}).
 */
@ApplicationScoped
public class FieldProtector {

    /** What happens to a protected column. */
    private enum Mode { MASK, HASH, DROP, ENCRYPT }

    private static final Logger LOG = Logger.getLogger(FieldProtector.class);
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_$]{1,64})\\s*:\\s*([A-Za-z]+)");

    private final Map<String, Map<String, Mode>> rules;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final FieldCrypto crypto;
    private final String microsSuffix;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    FieldProtector(TableSettings settings, SyncConfig sync, ProtectionKeys keys) {
        this.microsSuffix = sync.microsSuffix();
        this.rules = parse(settings, sync);
        boolean hash = uses(Mode.HASH);
        boolean encrypt = uses(Mode.ENCRYPT);
        this.crypto = new FieldCrypto(hash ? hmacKey(keys) : null, encrypt ? aesKey(keys) : null);
    }

    /**
     * Applies the rules of {@code table} to {@code doc} (changed in place and returned). Tables without rules pass
     * through untouched; a table with rules must have been {@linkplain #check checked} against its schema first, so
     * nothing is written unprotected under a misspelt column.
     */
    public Document protect(String table, Document doc) {
        Map<String, Mode> columns = rules.get(table);
        if (columns == null || doc == null) {
            return doc;
        }
        if (!verified.contains(table)) {
            throw new IllegalStateException("the protected columns of " + table
                    + " were not checked against its schema");
        }
        for (Map.Entry<String, Mode> rule : columns.entrySet()) {
            String column = rule.getKey();
            doc.remove(column + microsSuffix);
            if (!doc.containsKey(column)) {
                continue;
            }
            Object value = doc.get(column);
            switch (rule.getValue()) {
                case DROP -> doc.remove(column);
                case MASK -> doc.put(column, value == null ? null : FieldCrypto.mask(value));
                case HASH -> doc.put(column, value == null ? null : crypto.hash(value));
                case ENCRYPT -> doc.put(column, value == null ? null : crypto.encrypt(table, column, value));
            }
        }
        return doc;
    }

    /** The protected columns of {@code table} (empty when none). */
    public java.util.Set<String> protectedColumns(String table) {
        Map<String, Mode> columns = rules.get(table);
        return columns == null ? java.util.Set.of() : java.util.Set.copyOf(columns.keySet());
    }

    /** Whether any column of {@code table} is protected. */
    public boolean protects(String table) {
        return rules.containsKey(table);
    }

    /** Logs the rules in force at start-up (their columns are checked when each table's schema is discovered). */
    void logAtStartup(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 900) StartupEvent e) {
        rules.forEach((table, columns) -> LOG.infof("Field protection of %s: %s", table, columns.entrySet().stream()
                .map(r -> r.getKey() + ":" + r.getValue().name().toLowerCase(Locale.ROOT)).toList()));
    }

    /**
     * Checks the protected columns of {@code schema}'s table (once per table): they exist, are spelt as the table
     * spells them and are not key columns. A wrong column throws {@link InvalidSettingException}, which stops
     * start-up, or a sync of the table before anything unprotected is written. Tables without rules pass.
     */
    public void check(TableSchema schema) {
        String table = schema.name();
        Map<String, Mode> columns = rules.get(table);
        if (columns == null || verified.contains(table)) {
            return;
        }
        String variable = variables.get(table);
        for (String column : columns.keySet()) {
            Optional<ColumnInfo> c = schema.column(column);
            if (c.isEmpty()) {
                throw new InvalidSettingException(variable, "names column '" + column + "', which table " + table
                        + " does not have (columns: " + schema.columns().stream().map(ColumnInfo::name).toList() + ")");
            }
            if (!c.get().name().equals(column)) {
                // Documents carry the column's own spelling; a differently cased rule would match nothing.
                throw new InvalidSettingException(variable, "names column '" + column + "', which table " + table
                        + " spells '" + c.get().name() + "'");
            }
            if (schema.primaryKey().stream().anyMatch(k -> k.name().equals(column))) {
                throw new InvalidSettingException(variable, "cannot protect '" + column + "': it is part of the "
                        + "primary key of " + table + ", which is also stored as _id");
            }
        }
        verified.add(table);
    }

    private Map<String, Map<String, Mode>> parse(TableSettings settings, SyncConfig sync) {
        Map<String, String> tables = new LinkedHashMap<>();
        sync.tables().forEach(t -> tables.put(t.trim().toLowerCase(Locale.ROOT), t.trim()));
        Map<String, Map<String, Mode>> out = new LinkedHashMap<>();
        for (Map.Entry<String, TableSettings.Setting> e : settings.protections().entrySet()) {
            String variable = e.getValue().variable();
            String raw = e.getValue().value();
            String table = tables.get(e.getKey().toLowerCase(Locale.ROOT));
            if (table == null) {
                throw new InvalidSettingException(variable, raw, "names table '" + e.getKey().toLowerCase(Locale.ROOT)
                        + "', which is not in SYNC_TABLES " + tables.values());
            }
            if (!raw.isEmpty()) {
                out.put(table, columns(variable, raw));
                variables.put(table, variable);
            }
        }
        return out;
    }

    /** The rules of one SYNC_PROTECT_&lt;TABLE&gt; value: {@code column:mode,...}. */
    private static Map<String, Mode> columns(String variable, String raw) {
        Map<String, Mode> columns = new LinkedHashMap<>();
        for (String part : raw.split(",")) {
            var m = ENTRY.matcher(part.trim());
            if (!m.matches()) {
                throw new InvalidSettingException(variable, raw, "must be a list of column:mode, e.g. "
                        + "email:mask,phone:hash,ssn:drop,notes:encrypt (bad entry '" + part.trim() + "')");
            }
            Mode mode;
            try {
                mode = Mode.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(variable, raw, "has unknown mode '" + m.group(2)
                        + "' (allowed: mask, hash, drop, encrypt)");
            }
            if (columns.put(m.group(1), mode) != null) {
                throw new InvalidSettingException(variable, raw, "names column '" + m.group(1) + "' twice");
            }
        }
        return columns;
    }

    private boolean uses(Mode mode) {
        return rules.values().stream().anyMatch(c -> c.containsValue(mode));
    }

    private byte[] hmacKey(ProtectionKeys keys) {
        String key = keys.hmacKey().orElse("");
        if (key.isEmpty()) {
            throw new InvalidSettingException("SYNC_PROTECT_HMAC_KEY", "is required because " + users(Mode.HASH)
                    + " hashes columns; set it or SYNC_PROTECT_HMAC_KEY_FILE (e.g. openssl rand -hex 32)");
        }
        if (key.length() < 16) {
            throw new InvalidSettingException("SYNC_PROTECT_HMAC_KEY", "must be at least 16 characters long");
        }
        return key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] aesKey(ProtectionKeys keys) {
        String key = keys.aesKey().orElse("").trim();
        if (key.isEmpty()) {
            throw new InvalidSettingException("SYNC_PROTECT_AES_KEY", "is required because " + users(Mode.ENCRYPT)
                    + " encrypts columns; set it or SYNC_PROTECT_AES_KEY_FILE (e.g. openssl rand -base64 32)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("SYNC_PROTECT_AES_KEY", "must be base64 (e.g. openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new InvalidSettingException("SYNC_PROTECT_AES_KEY", "must decode to 32 bytes for AES-256, not "
                    + bytes.length);
        }
        return bytes;
    }

    private String users(Mode mode) {
        return variables.entrySet().stream().filter(e -> rules.get(e.getKey()).containsValue(mode))
                .map(Map.Entry::getValue).toList().toString();
    }
}
