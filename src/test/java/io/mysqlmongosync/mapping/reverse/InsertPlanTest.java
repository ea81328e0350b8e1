package io.mysqlmongosync.mapping.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The row a new document asks for: key from {@code _id}, exact values, refusals naming the field or column. */
class InsertPlanTest {

    static final TypeOptions OPTIONS = TypeOptions.defaults();
    static final ColumnInfo ORDER = new ColumnInfo("order_id", "int", "int(11)", 10, 0, 0, false, false);
    static final ColumnInfo LINE = new ColumnInfo("line_no", "int", "int(11)", 10, 0, 0, false, false);
    static final ColumnInfo PRICE = new ColumnInfo("price", "decimal", "decimal(10,2)", 10, 2, 0, false, false);
    static final ColumnInfo NOTE = new ColumnInfo("note", "varchar", "varchar(20)", -1, -1, 0, true, false);
    static final ColumnInfo UPDATED = new ColumnInfo("updated_at", "datetime", "datetime(6)", -1, -1, 6, false, false);
    static final TableSchema LINES = new TableSchema("lines", List.of(ORDER, LINE, PRICE, NOTE, UPDATED),
            List.of(ORDER, LINE), Optional.of(UPDATED), Optional.empty(), List.of(), 0);
    static final ReverseFields FIELDS = new ReverseFields(LINES, DocumentMapper.IDENTITY, OPTIONS, List.of(),
            List.of());

    static Document id(int order, int line) {
        return new Document("order_id", order).append("line_no", line);
    }

    static InsertPlan plan(Object id, Document data) {
        return InsertPlan.of(id, data, FIELDS, LINES, Set.of("price"), Set.of(), OPTIONS);
    }

    @Test
    void compositeKeyFromTheIdAndExactValues() {
        Date at = new Date(1_700_000_000_123L);
        InsertPlan p = plan(id(7, 2), new Document("price", new Decimal128(new BigDecimal("1.5")))
                .append("updated_at", at).append("updated_at_micros", 1_700_000_000_123_456L).append("order_id", 7));
        assertNull(p.refusal());
        assertEquals(List.of("order_id", "line_no", "price", "updated_at"), List.copyOf(p.values().keySet()));
        assertEquals(7L, p.values().get("order_id").value());
        assertEquals(new BigDecimal("1.50"), p.values().get("price").value());
        assertTrue(p.values().get("updated_at").value().toString().endsWith(".123456"), p.values().toString());
        assertEquals(List.of("price"), List.copyOf(p.nonKeyValues(LINES).keySet()), "key and change column left out");
    }

    @Test
    void refusalsNameTheFieldOrColumn() {
        Document price = new Document("price", new Decimal128(BigDecimal.ONE));
        assertTrue(plan(new ObjectId(), price).refusal().startsWith("_id: "), "keys are not invented");
        assertTrue(plan(id(1, 1).append("extra", 1), price).refusal().contains("exactly those fields"));
        assertTrue(plan(id(1, 1), new Document()).refusal().contains("column price is NOT NULL without a default"));
        assertTrue(plan(id(1, 1), new Document(price).append("order_id", 2)).refusal()
                .startsWith("field order_id: key column order_id differs"));
        assertTrue(plan(id(1, 1), new Document(price).append("nope", 1)).refusal().startsWith("field nope: "));
        assertTrue(plan(id(1, 1), new Document("price", 1.5)).refusal().startsWith("field price: column price"));
        assertTrue(InsertPlan.of(id(1, 1), new Document(price).append("note", "x"), FIELDS, LINES, Set.of(),
                Set.of("note"), OPTIONS).refusal().contains("generated"));
    }

    @Test
    void sameAsComparesStoredValuesNotBsonSpelling() {
        InsertPlan p = plan(id(1, 1), new Document("price", new Decimal128(new BigDecimal("1.5"))).append("note", "a")
                .append("updated_at", new Date(1000)));
        Document row = new Document("order_id", 1).append("line_no", 1).append("price",
                new Decimal128(new BigDecimal("1.50"))).append("note", "a").append("updated_at", new Date(5000));
        assertTrue(p.sameAs(id(1, 1), row, FIELDS, LINES, OPTIONS), "1.5 and 1.50 are the same DECIMAL(10,2)");
        assertFalse(p.sameAs(id(1, 1), new Document(row).append("note", "b"), FIELDS, LINES, OPTIONS));
    }
}
