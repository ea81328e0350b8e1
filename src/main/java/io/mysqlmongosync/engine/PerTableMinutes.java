package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A number of minutes per configured table, read once: the table's own {@code SYNC_<TABLE>_<setting>} (checked by
 * {@code parse}, which names the variable when a value is wrong), else {@code fallback} (the mapping file, a default);
 * a table for which both are empty has none. Shared by {@link TableSchedules} and {@link RepairSchedules}.
 */
final class PerTableMinutes {

    private final SyncConfig config;
    private final TableSettings settings;
    private final String setting;
    private final ToIntFunction<TableSettings.Setting> parse;
    private final Function<String, Optional<Integer>> fallback;
    private volatile Map<String, Integer> values;

    PerTableMinutes(SyncConfig config, TableSettings settings, String setting,
            ToIntFunction<TableSettings.Setting> parse, Function<String, Optional<Integer>> fallback) {
        this.config = config;
        this.settings = settings;
        this.setting = setting;
        this.parse = parse;
        this.fallback = fallback;
    }

    /** The minutes of every configured table that has some, by table name as SYNC_TABLES spells it. */
    Map<String, Integer> values() {
        Map<String, Integer> known = values;
        if (known == null) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String table : config.tables().stream().map(String::trim).toList()) {
                Optional<TableSettings.Setting> variable = settings.of(table, setting);
                if (variable.isPresent()) {
                    out.put(table, parse.applyAsInt(variable.get()));
                } else {
                    fallback.apply(table).ifPresent(m -> out.put(table, m));
                }
            }
            known = Map.copyOf(out);
            values = known;
        }
        return known;
    }
}
