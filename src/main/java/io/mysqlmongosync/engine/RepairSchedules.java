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
import java.util.Map;
import java.util.Optional;

/**
 * How often each table gets a scheduled repair ({@link ScheduledRepairs}), in minutes, 0 meaning never:
 * {@code SYNC_<TABLE>_REPAIR_INTERVAL_MINUTES}, else the mapping file's {@code repair_interval_minutes:} of the
 * table's collection, else SYNC_REPAIR_INTERVAL_MINUTES (default 0: off). Every value is {@value
 * SettingBounds#REPAIR_INTERVAL_MINUTES_RANGE}; one that is not stops start-up naming the variable and the value, as
 * {@link TableSchedules} does for the sync interval.
 */
@ApplicationScoped
public class RepairSchedules {

    /** The per-table setting: {@code SYNC_<TABLE>_REPAIR_INTERVAL_MINUTES}. */
    public static final String SETTING = "REPAIR_INTERVAL_MINUTES";

    private final PerTableMinutes intervals;

    @Inject
    RepairSchedules(SyncConfig config, TableSettings settings, MappingConfiguration mapping) {
        this(config, settings, mapping.spec());
    }

    /** With {@code mapping} as the parsed mapping file (tests). */
    RepairSchedules(SyncConfig config, TableSettings settings, MappingSpec mapping) {
        this.intervals = new PerTableMinutes(config, settings, SETTING, RepairSchedules::minutes,
                table -> Optional.of(mapping.forTable(table).map(CollectionSpec::repairIntervalMinutes)
                        .orElse(config.repairIntervalMinutes())));
    }

    /** Checks every configured table's SYNC_&lt;TABLE&gt;_REPAIR_INTERVAL_MINUTES at start-up. */
    void check(@Observes StartupEvent event) {
        intervals();
    }

    /**
     * The repair interval of every configured table, 0 for none, by table name as SYNC_TABLES spells it.
     *
     * @throws InvalidSettingException when a value is not a whole number {@value
     *     SettingBounds#REPAIR_INTERVAL_MINUTES_FROM_TO}
     */
    public Map<String, Integer> intervals() {
        return intervals.values();
    }

    /** The repair interval of {@code table} in minutes; 0 when it is never repaired on a schedule. */
    public int intervalOf(String table) {
        return intervals().getOrDefault(table, 0);
    }

    /** Whether any table is repaired on a schedule. */
    public boolean any() {
        return intervals().values().stream().anyMatch(m -> m > 0);
    }

    /** The minutes of {@code setting}, {@value SettingBounds#REPAIR_INTERVAL_MINUTES_FROM_TO}. */
    static int minutes(TableSettings.Setting setting) {
        return setting.wholeNumber(SettingBounds.REPAIR_INTERVAL_MINUTES_MIN, SettingBounds.REPAIR_INTERVAL_MINUTES_MAX,
                "must be a whole number of minutes " + SettingBounds.REPAIR_INTERVAL_MINUTES_FROM_TO
                        + " (as SYNC_REPAIR_INTERVAL_MINUTES)");
    }
}
