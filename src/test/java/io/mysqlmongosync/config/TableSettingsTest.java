package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-table settings are read by their variable names, trimmed, with the variable to name in messages. */
class TableSettingsTest {

    private static TableSettings settings(Map<String, String> values) {
        return new TableSettings(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500)).build());
    }

    @Test
    void collectionComesFromTheVariableOrTheProperty() {
        TableSettings s = settings(Map.of("SYNC_ORDERS_COLLECTION", " sales ", "sync.collection.products", "catalog",
                "SYNC_ITEMS_COLLECTION", ""));
        assertEquals(Optional.of(new TableSettings.Setting("SYNC_ORDERS_COLLECTION", "sales")), s.collection("orders"));
        assertEquals(Optional.of(new TableSettings.Setting("SYNC_PRODUCTS_COLLECTION", "catalog")),
                s.collection("products"), "the property is reported under the variable's name");
        assertEquals(Optional.empty(), s.collection("items"), "an empty value is unset");
        assertEquals(Optional.empty(), s.collection("customers"));
    }

    @Test
    void softDeleteColumnAndOtherSettingsUseTheUpperCasedTableName() {
        TableSettings s = settings(Map.of("SYNC_ORDER_ITEMS_SOFT_DELETE_COLUMN", "none",
                "SYNC_ORDERS_CAPTURE_MODE", "rescan"));
        assertEquals("none", s.softDeleteColumn("order_items").orElseThrow().value());
        assertEquals("SYNC_ORDER_ITEMS_SOFT_DELETE_COLUMN", s.softDeleteColumn("order_items").orElseThrow().variable());
        assertEquals("rescan", s.of("orders", "CAPTURE_MODE").orElseThrow().value());
        assertEquals("SYNC_ORDERS_CAPTURE_MODE", TableSettings.variable("orders", "CAPTURE_MODE"));
    }

    @Test
    void captureModeIsTheTablesOwnElseTheDefaultNamingTheVariableThatSetIt() {
        TableSettings s = settings(Map.of("SYNC_CAPTURE_MODE", " polling ", "SYNC_ORDERS_CAPTURE_MODE", "binlog",
                "SYNC_ITEMS_CAPTURE_MODE", " "));
        assertEquals(Optional.of(new TableSettings.Setting("SYNC_ORDERS_CAPTURE_MODE", "binlog")),
                s.captureMode("orders"));
        assertEquals(Optional.of(new TableSettings.Setting("SYNC_CAPTURE_MODE", "polling")), s.captureMode("items"),
                "a blank own mode is unset");
        assertEquals(Optional.of(new TableSettings.Setting("SYNC_CAPTURE_MODE", "polling")), s.captureMode());
        assertEquals(Optional.empty(), settings(Map.of()).captureMode("orders"));
    }

    @Test
    void onlyTheDeclaredPerTableSettingsAreRead() {
        TableSettings s = settings(Map.of("SYNC_ORDERS_COLOUR", "blue"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.of("orders", "COLOUR"));
        assertTrue(e.getMessage().contains("COLOUR is not a per-table setting"), e.getMessage());
    }

    @Test
    void protectionsAreEveryProtectVariableButTheKeys() {
        TableSettings s = settings(Map.of("SYNC_PROTECT_CUSTOMERS", " email:mask ", "SYNC_PROTECT_USERS", "",
                "SYNC_PROTECT_HMAC_KEY", "secret-secret-secret", "SYNC_PROTECT_AES_KEY_FILE", "/k"));
        Map<String, TableSettings.Setting> p = s.protections();
        assertEquals(List.of("CUSTOMERS"), p.keySet().stream().filter(k -> !k.equals("USERS")).toList());
        assertEquals("email:mask", p.get("CUSTOMERS").value());
        assertEquals("SYNC_PROTECT_CUSTOMERS", p.get("CUSTOMERS").variable());
        assertTrue(p.keySet().stream().noneMatch(k -> k.contains("KEY")), p.toString());
    }
}
