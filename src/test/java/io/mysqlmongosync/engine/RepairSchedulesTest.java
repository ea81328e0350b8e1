package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.config.ConfigUnderTest;
import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.mysqlmongosync.mapping.spec.MappingException;
import io.mysqlmongosync.mapping.spec.MappingFileParser;
import io.mysqlmongosync.mapping.spec.MappingSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled repair's settings: SYNC_REPAIR_INTERVAL_MINUTES and SYNC_REPAIR_BUDGET_ROWS (checked by
 * EnvironmentValueRules), SYNC_&lt;TABLE&gt;_REPAIR_INTERVAL_MINUTES and the mapping file's
 * {@code repair_interval_minutes:}; a bad value stops start-up naming the variable (or the file and line).
 */
class RepairSchedulesTest {

    private static RepairSchedules schedules(Map<String, String> values, MappingSpec mapping) {
        Map<String, String> all = new HashMap<>(values);
        all.put("sync.tables", "orders,customers,products");
        SyncConfig config = ConfigUnderTest.build(all);
        return new RepairSchedules(config, new TableSettings(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(all, "test", 500)).build()), mapping);
    }

    private static RepairSchedules schedules(Map<String, String> values) {
        return schedules(values, new MappingSpec("test", List.of(), false));
    }

    @Test
    void offByDefaultWithDefaultBudget() {
        RepairSchedules s = schedules(Map.of());
        assertFalse(s.any());
        assertEquals(0, s.intervalOf("orders"));
        assertEquals(100_000, ConfigUnderTest.build(Map.of()).repairBudgetRows());
    }

    @Test
    void theTableVariableWinsOverTheMappingFileWhichWinsOverTheDefault() {
        MappingSpec mapping = parse("collections:\n  sales:\n    table: orders\n    repair_interval_minutes: 15\n"
                + "  customers:\n    repair_interval_minutes: 0\n  products:\n    repair_interval_minutes: 30\n");
        RepairSchedules s = schedules(Map.of("sync.repair-interval-minutes", "60",
                "SYNC_PRODUCTS_REPAIR_INTERVAL_MINUTES", "5"), mapping);
        assertEquals(Map.of("orders", 15, "customers", 0, "products", 5), s.intervals());
        assertTrue(s.any());
        RepairSchedules byDefault = schedules(Map.of("sync.repair-interval-minutes", "60"));
        assertEquals(Map.of("orders", 60, "customers", 60, "products", 60), byDefault.intervals());
        RepairSchedules oneOff = schedules(Map.of("sync.repair-interval-minutes", "60",
                "SYNC_CUSTOMERS_REPAIR_INTERVAL_MINUTES", "0"));
        assertEquals(0, oneOff.intervalOf("customers"), "0 turns one table's repair off");
    }

    @Test
    void aBadTableValueStopsStartUpNamingTheVariable() {
        for (String bad : List.of("-1", "10081", "hourly", "1.5")) {
            RepairSchedules s = schedules(Map.of("SYNC_ORDERS_REPAIR_INTERVAL_MINUTES", bad));
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> s.check(null), bad);
            assertEquals("SYNC_ORDERS_REPAIR_INTERVAL_MINUTES", e.variable());
            assertTrue(e.getMessage().contains("SYNC_ORDERS_REPAIR_INTERVAL_MINUTES='" + bad + "'")
                    && e.getMessage().contains("0 (off) to 10080"), e.getMessage());
        }
    }

    @Test
    void badGlobalValuesStopStartUpNamingTheVariable() {
        for (String bad : List.of("-1", "10081", "often")) {
            String m = ConfigUnderTest.failure(Map.of("sync.repair-interval-minutes", bad));
            assertTrue(m.contains("SYNC_REPAIR_INTERVAL_MINUTES='" + bad + "'"), m);
        }
        for (String bad : List.of("0", "1000000001", "lots")) {
            String m = ConfigUnderTest.failure(Map.of("sync.repair-budget-rows", bad));
            assertTrue(m.contains("SYNC_REPAIR_BUDGET_ROWS='" + bad + "'"), m);
        }
        assertEquals(10_080, ConfigUnderTest.build(Map.of("sync.repair-interval-minutes", "10080"))
                .repairIntervalMinutes());
    }

    @Test
    void aMappingValueOutOfRangeStopsStartUpNamingFileAndLine() {
        for (String bad : List.of("-1", "10081", "weekly")) {
            MappingException e = assertThrows(MappingException.class,
                    () -> parse("collections:\n  orders:\n    repair_interval_minutes: " + bad + "\n"), bad);
            assertTrue(e.getMessage().contains("mapping.yaml:3") && e.getMessage().contains(
                    "collection 'orders': 'repair_interval_minutes' must be a whole number of minutes from 0 (off)"
                            + " to 10080, not '" + bad + "'"), e.getMessage());
        }
    }

    private static MappingSpec parse(String yaml) {
        return MappingFileParser.parse("mapping.yaml", new StringReader(yaml), false);
    }
}
