package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SettingBounds;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.mysqlmongosync.mapping.MappingConfiguration;
import io.mysqlmongosync.mapping.spec.CollectionSpec;
import io.mysqlmongosync.mapping.spec.MappingSpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables with their own schedule: {@code SYNC_<TABLE>_INTERVAL_MINUTES} (as SYNC_INTERVAL_MINUTES, {@value
 * SettingBounds#INTERVAL_MINUTES_RANGE}), else the mapping file's {@code interval_minutes:} of the table's collection
 * (checked when the file is parsed), so a hot table syncs every minute and a cold one daily. A table without it
 * follows the default schedule, which SYNC_INTERVAL_MINUTES sets and {@code PUT /sync/interval} changes at runtime;
 * an own interval is configuration only (the API changes the default alone). A value that is not a whole number in
 * range stops start-up naming the variable and the value. Where the tables' next runs are kept and decided: {@link ControlService}.
 */
@ApplicationScoped
public class TableSchedules {

    /** The per-table setting: {@code SYNC_<TABLE>_INTERVAL_MINUTES}. */
    public static final String SETTING = "INTERVAL_MINUTES";

    private final PerTableMinutes intervals;

    @Inject
    TableSchedules(SyncConfig config, TableSettings settings, MappingConfiguration mapping) {
        this(config, settings, mapping.spec());
    }

    /** With {@code mapping} as the parsed mapping file (tests). */
    TableSchedules(SyncConfig config, TableSettings settings, MappingSpec mapping) {
        this.intervals = new PerTableMinutes(config, settings, SETTING, TableSchedules::minutes,
                table -> mapping.forTable(table).map(CollectionSpec::intervalMinutes));
    }

    /** Checks every configured table's SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES at start-up. */
    void check(@Observes StartupEvent event) {
        intervals();
    }

    /**
     * The own interval of every configured table that has one, by table name as SYNC_TABLES spells it.
     *
     * @throws InvalidSettingException when a value is not a whole number {@value
     *     SettingBounds#INTERVAL_MINUTES_FROM_TO}
     */
    public Map<String, Integer> intervals() {
        return intervals.values();
    }

    /** The own interval of {@code table}, or empty when it follows the default schedule. */
    public Optional<Integer> intervalOf(String table) {
        return Optional.ofNullable(intervals().get(table));
    }

    /** The minutes of {@code setting}, {@value SettingBounds#INTERVAL_MINUTES_FROM_TO}. */
    static int minutes(TableSettings.Setting setting) {
        return setting.wholeNumber(SettingBounds.INTERVAL_MINUTES_MIN, SettingBounds.INTERVAL_MINUTES_MAX,
                "must be a whole number of minutes " + SettingBounds.INTERVAL_MINUTES_FROM_TO
                        + " (as SYNC_INTERVAL_MINUTES)");
    }

    /** The tables of {@code tables} that follow the default schedule (have no own interval). */
    List<String> followingDefault(Collection<String> tables) {
        return tables.stream().filter(t -> !intervals().containsKey(t)).toList();
    }
}
