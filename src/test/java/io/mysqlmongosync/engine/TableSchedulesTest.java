package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.mysqlmongosync.mapping.spec.MappingException;
import io.mysqlmongosync.mapping.spec.MappingFileParser;
import io.mysqlmongosync.mapping.spec.MappingSpec;
import java.io.StringReader;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES: read per configured table, and a bad value stops start-up naming it. */
class TableSchedulesTest {

    private static TableSchedules schedules(List<String> tables, Map<String, String> values) {
        return schedules(tables, values, new MappingSpec("test", List.of(), false));
    }

    private static TableSchedules schedules(List<String> tables, Map<String, String> values, MappingSpec mapping) {
        SyncConfig config = (SyncConfig) Proxy.newProxyInstance(SyncConfig.class.getClassLoader(),
                new Class<?>[] {SyncConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("tables")) {
                        return tables;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new TableSchedules(config, new TableSettings(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500)).build()), mapping);
    }

    @Test
    void tablesWithTheirOwnIntervalAreReadTheOthersFollowTheDefault() {
        TableSchedules s = schedules(List.of("orders", " order_items ", "customers"), Map.of(
                "SYNC_ORDERS_INTERVAL_MINUTES", "1", "SYNC_ORDER_ITEMS_INTERVAL_MINUTES", " 1440 ",
                "SYNC_CUSTOMERS_INTERVAL_MINUTES", "", "SYNC_PRODUCTS_INTERVAL_MINUTES", "5"));
        assertEquals(Map.of("orders", 1, "order_items", 1440), s.intervals(),
                "an empty value is unset; a table not in SYNC_TABLES is not scheduled");
        assertEquals(Optional.of(1), s.intervalOf("orders"));
        assertEquals(Optional.empty(), s.intervalOf("customers"));
        assertEquals(List.of("customers"), s.followingDefault(List.of("orders", "order_items", "customers")));
    }

    @Test
    void aValueOutsideOneToOneDayStopsStartUpNamingTheVariable() {
        for (String bad : List.of("0", "1441", "-5", "fast", "1.5", "2147483648")) {
            TableSchedules s = schedules(List.of("products", "orders"),
                    Map.of("SYNC_ORDERS_INTERVAL_MINUTES", bad));
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> s.check(null), bad);
            assertEquals("SYNC_ORDERS_INTERVAL_MINUTES", e.variable());
            assertTrue(e.getMessage().contains("SYNC_ORDERS_INTERVAL_MINUTES='" + bad + "'")
                    && e.getMessage().contains("1 to 1440"), e.getMessage());
        }
    }

    @Test
    void theMappingFileSetsAnIntervalTheVariableWinsOverIt() {
        MappingSpec mapping = parse("collections:\n  sales:\n    table: orders\n    interval_minutes: 5\n"
                + "  customers:\n    interval_minutes: 1440\n");
        TableSchedules s = schedules(List.of("orders", "customers", "products"),
                Map.of("SYNC_CUSTOMERS_INTERVAL_MINUTES", "2"), mapping);
        assertEquals(Map.of("orders", 5, "customers", 2), s.intervals());
    }

    @Test
    void aMappingIntervalOutOfRangeStopsStartUpNamingFileAndLine() {
        for (String bad : List.of("0", "1441", "daily")) {
            MappingException e = assertThrows(MappingException.class,
                    () -> parse("collections:\n  orders:\n    interval_minutes: " + bad + "\n"), bad);
            assertTrue(e.getMessage().contains("mapping.yaml:3")
                    && e.getMessage().contains("collection 'orders': 'interval_minutes' must be a whole number of"
                            + " minutes from 1 to 1440, not '" + bad + "'"), e.getMessage());
        }
    }

    private static MappingSpec parse(String yaml) {
        return MappingFileParser.parse("mapping.yaml", new StringReader(yaml), false);
    }
}
