package io.mysqlmongosync.mapping.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class MappingResolverTest {

    static TableSchema table(String name, String... columns) {
        List<ColumnInfo> cols = Arrays.stream(columns)
                .map(c -> new ColumnInfo(c, "int", "int(11)", 10, 0, 0, !c.equals("id"), false)).toList();
        return new TableSchema(name, cols, List.of(cols.get(0)), Optional.empty(), Optional.empty(), List.of(), 0);
    }

    static final Map<String, TableSchema> DB = Map.of(
            "orders", table("orders", "id", "customer_id", "total", "note"),
            "order_items", table("order_items", "id", "order_id", "qty"),
            "customers", table("customers", "id", "email", "order_id"),
            "products", table("products", "id", "name", "price"));

    static MappingResolver.Resolved resolve(String yaml, boolean builtIn, String... synced) {
        MappingSpec spec = MappingFileParser.parse("m.yaml", new StringReader(yaml), builtIn);
        return MappingResolver.resolve(spec, Set.of(synced), t -> Optional.ofNullable(DB.get(t)));
    }

    static String problem(String yaml, String... synced) {
        return assertThrows(MappingException.class, () -> resolve(yaml, false, synced)).getMessage();
    }

    @Test
    void unknownTablesAndColumnsAreRefusedWithTheirLine() {
        assertEquals("Invalid mapping m.yaml:2: collection 'o': table 'ordrs' does not exist in the database",
                problem("collections:\n  o:\n    table: ordrs\n", "ordrs"));
        assertEquals("Invalid mapping m.yaml:4: collection 'orders': rename: column 'totl' does not exist in table orders "
                + "(columns: id, customer_id, total, note)",
                problem("collections:\n  orders:\n    drop: [note]\n    rename: {totl: sum}\n", "orders"));
        assertEquals("Invalid mapping m.yaml:3: collection 'orders': computed field 'x': column 'nosuch' does not exist in "
                + "table orders (columns: id, customer_id, total, note)",
                problem("collections:\n  orders:\n    computed: {x: 'total + nosuch'}\n", "orders"));
        assertTrue(problem("collections:\n  orders:\n    drop: [note]\n    validate:\n      note: {required: true}\n", "orders")
                .startsWith("Invalid mapping m.yaml:5: collection 'orders': validate: 'note' is not a field of the orders document"));
        assertEquals("Invalid mapping m.yaml:3: collection 'orders': field 'total' would hold both column total and column note",
                problem("collections:\n  orders:\n    rename: {note: total}\n", "orders"));
        assertEquals("Invalid mapping m.yaml:4: collection 'orders': embed 'order_items': foreign_key: column 'order' does "
                + "not exist in table order_items (columns: id, order_id, qty)",
                problem("collections:\n  orders:\n    embed:\n      - {type: many, table: order_items, foreign_key: order}\n", "orders"));
        assertEquals("Invalid mapping m.yaml:4: collection 'orders': embed 'nope': table 'nope' does not exist in the database",
                problem("collections:\n  orders:\n    embed:\n      - {type: many, table: nope, foreign_key: order_id}\n", "orders"));
        assertEquals("Invalid mapping m.yaml:5: collection 'orders': embed 'customers': local_key column 'customer_id' is "
                + "dropped; the copies could not be refreshed when customers changes",
                problem("collections:\n  orders:\n    drop: [customer_id]\n    embed:\n"
                        + "      - {type: one, table: customers, local_key: customer_id}\n", "orders"));
    }

    @Test
    void embedCyclesAreRefused() {
        String yaml = """
                collections:
                  orders:
                    embed:
                      - {type: many, table: customers, as: buyers, foreign_key: order_id}
                  customers:
                    embed:
                      - {type: many, table: orders, as: orders, foreign_key: customer_id}
                """;
        assertEquals("Invalid mapping m.yaml:4: embed cycle: orders → customers → orders (a table cannot end up inside "
                + "its own documents)", problem(yaml, "orders", "customers"));
    }

    @Test
    void theBuiltInDefaultIgnoresWhatATableDoesNotHave() {
        MappingResolver.Resolved r = resolve("collections:\n  products:\n    validate:\n      name: {required: true}\n"
                + "      cost: {min: 0}\n  orders:\n    validate:\n      x: {min: 0}\n", true, "products");
        assertEquals(List.of("name.required"), r.mapper("products").mapping().rules().stream().map(FieldRule::id).toList());
        assertEquals(DocumentMapper.IDENTITY, r.mapper("orders"), "tables not synced keep the identity mapping");
    }

    @Test
    void collectionsOfTablesThatAreNotSyncedAreNotedNotFatal() {
        MappingResolver.Resolved r = resolve("collections:\n  orders: {}\n  products: {}\n", false, "products");
        assertEquals(List.of("m.yaml:2: collection 'orders' is ignored: table orders is not in SYNC_TABLES"), r.notes());
    }

    @Test
    void relationshipsKnowTheFieldsThatFindTheirDocuments() {
        MappingResolver.Resolved r = resolve("""
                collections:
                  orders:
                    rename: {customer_id: buyer_id}
                    embed:
                      - {type: many, table: order_items, as: items, foreign_key: order_id}
                      - {type: one, table: customers, as: buyer, local_key: customer_id, fields: [email]}
                """, false, "orders");
        Relationship many = r.relationships().get(0);
        assertEquals("id", many.key());
        Relationship one = r.relationships().get(1);
        assertEquals("buyer_id", one.localField());
        assertEquals(Set.of("order_items", "customers"), r.embeddedTables());
        assertEquals(List.of("m.yaml:5: collection 'orders': embed 'order_items': table order_items has no index leading "
                + "with order_id, so every page of orders scans it. Add: CREATE INDEX idx_order_items_order_id ON "
                + "order_items (order_id)"), r.notes());
        Document mapped = r.mapper("orders").map(new Document("id", 1).append("customer_id", 2).append("total", 3)
                .append("note", null)).document();
        assertEquals(List.of("id", "buyer_id", "total", "note"), List.copyOf(mapped.keySet()));
    }
}
