package io.mysqlmongosync.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.mapping.spec.CollectionSpec;
import io.mysqlmongosync.mapping.spec.FieldMapping;
import io.mysqlmongosync.mapping.spec.ReverseSwitches;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which tables are opted in: SYNC_REVERSE_TABLES and the mapping file's reverse: blocks. */
class ReverseTablesTest {

    static CollectionSpec collection(String table, Boolean updates) {
        return new CollectionSpec(table, table, FieldMapping.IDENTITY, List.of(), 1,
                updates == null ? null : new ReverseSwitches(updates, false, false, 2));
    }

    @Test
    void offByDefault() {
        assertEquals(Set.of(), ReverseTables.resolve(List.of("products", "orders"), List.of(), List.of()));
    }

    @Test
    void variableAndMappingBlocksOptInInSyncOrder() {
        assertEquals(List.of("products", "orders"), List.copyOf(ReverseTables.resolve(
                List.of("products", "orders", "customers"), List.of(" orders"), List.of(collection("products", true)))));
    }

    @Test
    void aBlockWithUpdatesOffSwitchesAListedTableOff() {
        assertEquals(Set.of("orders"), ReverseTables.resolve(List.of("products", "orders"),
                List.of("products", "orders"), List.of(collection("products", false), collection("orders", null))));
    }

    @Test
    void aBlockWithInsertsOnOptsInEvenWithUpdatesOff() {
        CollectionSpec inserting = new CollectionSpec("orders", "orders", FieldMapping.IDENTITY, List.of(), 1,
                new ReverseSwitches(false, true, false, 2));
        assertEquals(Set.of("orders"), ReverseTables.resolve(List.of("products", "orders"), List.of(),
                List.of(inserting)));
    }

    @Test
    void insertsNeedTheInsertGrantAndDeletesTheDeleteGrant() {
        assertEquals(java.util.Map.of("products", List.of("UPDATE", "SELECT", "DELETE"), "orders",
                List.of("UPDATE", "SELECT", "INSERT")), ReverseTables.privileges(
                        new java.util.LinkedHashSet<>(List.of("products", "orders")), "orders"::equals,
                        "products"::equals));
    }

    @Test
    void aBlockWritingOnlyDeletesBackOptsIn() {
        CollectionSpec deletesOnly = new CollectionSpec("products", "products", FieldMapping.IDENTITY, List.of(), 1,
                new ReverseSwitches(false, false, true, 2));
        assertEquals(Set.of("products"), ReverseTables.resolve(List.of("products"), List.of(), List.of(deletesOnly)));
    }

    @Test
    void anUnknownTableStopsStartUpNamingTheVariable() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ReverseTables.resolve(List.of("products"), List.of("products", "prodcts"), List.of()));
        assertEquals("SYNC_REVERSE_TABLES", e.variable());
        assertTrue(e.getMessage().contains("'prodcts' is not one of SYNC_TABLES"), e.getMessage());
    }
}
