package io.mysqlmongosync.mapping.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

class TypeOverrideTest {

    static String refused(TypeOverride t, Object v) {
        return assertThrows(IllegalArgumentException.class, () -> t.convert(v)).getMessage();
    }

    @Test
    void conversionsAreExactOrRefused() {
        assertEquals(1234, TypeOverride.INT.convert("01234"));
        assertEquals(7, TypeOverride.INT.convert(new Decimal128(new BigDecimal("7.00"))));
        assertEquals("'1.5' is not a whole number that fits int32", refused(TypeOverride.INT, "1.5"));
        assertEquals("3000000000 is not a whole number that fits int32", refused(TypeOverride.INT, 3_000_000_000L));
        assertEquals(3_000_000_000L, TypeOverride.LONG.convert(3_000_000_000L));
        assertEquals("'AB-1' is not a number", refused(TypeOverride.LONG, "AB-1"));
        assertEquals(new Decimal128(new BigDecimal("0.1")), TypeOverride.DECIMAL.convert(0.1), "the double's shortest text");
        assertEquals(2.5, TypeOverride.DOUBLE.convert(new Decimal128(new BigDecimal("2.5"))));
        assertEquals(true, TypeOverride.BOOL.convert("yes"));
        assertEquals(false, TypeOverride.BOOL.convert(0));
        assertEquals("'maybe' is not a boolean", refused(TypeOverride.BOOL, "maybe"));
        assertEquals(Date.from(Instant.parse("2024-03-05T00:00:00Z")), TypeOverride.DATE.convert("2024-03-05"));
        assertEquals(Date.from(Instant.parse("2024-03-05T09:00:00Z")), TypeOverride.DATE.convert("2024-03-05T10:00:00+01:00"));
        assertNull(TypeOverride.STRING.convert(null));
    }

    @Test
    void textKeepsValuesReadable() {
        assertEquals("12.50", TypeOverride.STRING.convert(new Decimal128(new BigDecimal("12.50"))));
        assertEquals("2024-03-05T10:00:00Z", TypeOverride.STRING.convert(Date.from(Instant.parse("2024-03-05T10:00:00Z"))));
        assertEquals("{\"a\": 1}", TypeOverride.STRING.convert(new Document("a", 1)));
        assertEquals("new,sale", TypeOverride.STRING.convert(List.of("new", "sale")));
        assertEquals("42", TypeOverride.STRING.convert(42.0));
    }
}
