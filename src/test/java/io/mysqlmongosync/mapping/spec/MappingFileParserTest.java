package io.mysqlmongosync.mapping.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingFileParserTest {

    static MappingSpec parse(String yaml) {
        return MappingFileParser.parse("m.yaml", new StringReader(yaml), false);
    }

    static String problem(String yaml) {
        return assertThrows(MappingException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsAFullCollection() {
        MappingSpec spec = parse("""
                collections:
                  shop_orders:
                    table: orders
                    rename: {customer_id: customer}
                    drop: [note]
                    computed: {gross: "total * 1.2"}
                    types: {customer: string}
                    validate:
                      total: {required: true, min: 0, max: 1000}
                      status: {enum: [new, paid], regex: '[a-z]+', max_length: 8}
                    on_invalid: note
                    embed:
                      - {type: many, table: order_items, as: items, foreign_key: order_id, drop: [updated_at]}
                      - {type: one, table: customers, as: buyer, local_key: customer_id, fields: [email]}
                """);
        CollectionSpec c = spec.collections().get(0);
        assertEquals("shop_orders", c.collection());
        assertEquals("orders", c.table());
        assertEquals(Map.of("customer_id", "customer"), c.fields().rename());
        assertEquals(List.of("note"), c.fields().drop());
        assertEquals("total * 1.2", c.fields().computed().get("gross").source());
        assertEquals(TypeOverride.STRING, c.fields().types().get("customer"));
        assertEquals(List.of("total.required", "total.min", "total.max", "status.enum", "status.regex",
                "status.max_length"), c.fields().rules().stream().map(FieldRule::id).toList());
        assertEquals(new BigDecimal("1000"), c.fields().rules().get(2).number());
        assertEquals(9, c.fields().rules().get(0).line());
        assertTrue(c.fields().noteInvalid());
        assertEquals(EmbedSpec.Kind.MANY, c.embeds().get(0).kind());
        assertEquals(List.of("updated_at"), c.embeds().get(0).mapping().drop());
        assertEquals("customer_id", c.embeds().get(1).localKey());
        assertEquals(14, c.embeds().get(1).line());
    }

    @Test
    void theTableDefaultsToTheCollectionName() {
        assertEquals("products", parse("collections:\n  products: {}\n").collections().get(0).table());
    }

    @Test
    void problemsNameTheFileTheLineAndWhatIsWrong() {
        assertEquals("Invalid mapping m.yaml:3: collection 'p': unknown key 'renam' (allowed: computed, drop, embed, "
                + "interval_minutes, on_invalid, rename, repair_interval_minutes, reverse, table, types, validate)", problem("collections:\n  p:\n    renam: {a: b}\n"));
        assertEquals("Invalid mapping m.yaml:4: collection 'p': computed field 'x': expression 'a +', at character 4: "
                + "the expression ends where a value was expected", problem("collections:\n  p:\n    computed:\n      x: 'a +'\n"));
        assertTrue(problem("collections:\n  p:\n    types: {a: money}\n")
                .startsWith("Invalid mapping m.yaml:3: collection 'p': types: 'money' for field 'a' is not a type (known: string, int"));
        assertTrue(problem("collections:\n  p:\n    validate:\n      a: {regex: '[a-'}\n")
                .startsWith("Invalid mapping m.yaml:4: collection 'p': validate a: regex '[a-' is not a valid pattern"));
        assertEquals("Invalid mapping m.yaml:4: collection 'p': validate a: min 5 is greater than max 1",
                problem("collections:\n  p:\n    validate:\n      a: {min: 5, max: 1}\n"));
        assertEquals("Invalid mapping m.yaml:4: collection 'p': validate a: unknown rule 'maxlen' (known: required, min, "
                + "max, min_length, max_length, regex, enum)", problem("collections:\n  p:\n    validate:\n      a: {maxlen: 3}\n"));
        assertTrue(problem("collections:\n  p:\n    embed:\n      - {table: c, as: c}\n")
                .startsWith("Invalid mapping m.yaml:4: collection 'p': embed 'c': 'type' must be 'many'"));
        assertEquals("Invalid mapping m.yaml:4: collection 'p': embed 'c': 'foreign_key' is missing",
                problem("collections:\n  p:\n    embed:\n      - {type: many, table: c}\n"));
        assertEquals("Invalid mapping m.yaml:3: collection 'p': rename a: '_id' is not a usable field name (letters, "
                + "digits, _; not _id, _sync*, _deleted, _validation)", problem("collections:\n  p:\n    rename: {a: _id}\n"));
        assertEquals("Invalid mapping m.yaml:3: collections: 'p' appears twice", problem("collections:\n  p: {}\n  p: {}\n"));
        assertTrue(problem("collections:\n  p: [\n").startsWith("Invalid mapping m.yaml:3: not valid YAML"));
        assertEquals("Invalid mapping m.yaml: the file is empty; it needs a 'collections:' section", problem(""));
        assertEquals("Invalid mapping m.yaml:3: collection 'q': on_invalid must be 'skip' (leave the row out) or 'note' "
                + "(write it with a _validation note), not 'drop'", problem("collections:\n  q:\n    on_invalid: drop\n"));
    }

    @Test
    void theBuiltInDefaultParses() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("mapping/default-mapping.yaml")) {
            MappingSpec spec = MappingFileParser.parse("default", new java.io.InputStreamReader(in), true);
            assertEquals(List.of("products", "orders", "customers", "users", "inventory", "categories"),
                    spec.collections().stream().map(CollectionSpec::table).toList());
            assertEquals(List.of("name.required", "price.min", "cost.min"),
                    spec.forTable("products").orElseThrow().fields().rules().stream().map(FieldRule::id).toList());
        }
    }
}
