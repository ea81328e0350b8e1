package io.mysqlmongosync.mapping.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

class ExpressionTest {

    static final Document ROW = new Document("price", new Decimal128(new BigDecimal("19.99")))
            .append("qty", 3).append("big", 10_000_000_000L).append("rate", 0.5).append("first", "Ann")
            .append("last", "Lee").append("note", null).append("at", Date.from(Instant.parse("2024-02-29T23:30:00Z")))
            .append("day", "2023-12-31").append("odd name", 7);

    static Object eval(String expr) {
        return Expression.parse(expr).evaluate(ROW);
    }

    @Test
    void decimalArithmeticStaysExact() {
        assertEquals(new Decimal128(new BigDecimal("59.97")), eval("price * qty"));
        assertEquals(new Decimal128(new BigDecimal("20.99")), eval("price + 1"));
        assertEquals(new Decimal128(new BigDecimal("23.7881")), eval("price * 1.19"));
    }

    @Test
    void wholeNumbersStayWholeAndPrecedenceHolds() {
        assertEquals(7L, eval("1 + qty * 2"));
        assertEquals(8L, eval("(1 + qty) * 2"));
        assertEquals(-3L, eval("-qty"));
        assertEquals(1L, eval("qty % 2"));
        assertEquals(5_000_000_000L, eval("big / 2"));
        assertEquals(new Decimal128(new BigDecimal("1.5")), eval("qty / 2"));
        assertEquals(1.5, eval("qty * rate"));
        assertEquals(7, eval("`odd name`"), "a column keeps its type");
    }

    @Test
    void textAndDateFunctions() {
        assertEquals("Ann Lee", eval("concat(first, ' ', last)"));
        assertEquals("ANN", eval("upper(first)"));
        assertEquals("it's", eval("'it''s'"));
        assertEquals("Lee", eval("coalesce(note, last)"));
        assertEquals("Ann", eval("concat(first, note)"), "concat skips nulls");
        assertEquals(2024L, eval("year(at)"));
        assertEquals(2L, eval("month(at)"));
        assertEquals(29L, eval("day(at)"));
        assertEquals(23L, eval("hour(at)"));
        assertEquals("2024-02-29", eval("date(at)"));
        assertEquals(2023L, eval("year(day)"));
        assertEquals(new Decimal128(new BigDecimal("20.0")), eval("round(price, 1)"));
    }

    @Test
    void nullOperandsGiveNull() {
        assertNull(eval("note + 1"));
        assertNull(eval("upper(note)"));
        assertNull(eval("year(note)"));
    }

    @Test
    void columnsAreCollected() {
        assertEquals(Set.of("price", "qty", "first"), Expression.parse("concat(first, price * qty)").columns());
    }

    @Test
    void runtimeProblemsNameTheValue() {
        assertTrue(assertThrows(ArithmeticException.class, () -> eval("qty / 0")).getMessage().contains("division by zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> eval("first * 2")).getMessage()
                .contains("'Ann' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> eval("year(first)")).getMessage()
                .contains("'Ann' is not a date"));
    }

    @Test
    void syntaxErrorsNameThePosition() {
        assertEquals("expression 'price * ', at character 9: the expression ends where a value was expected",
                assertThrows(IllegalArgumentException.class, () -> Expression.parse("price * ")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Expression.parse("nosuch(price)")).getMessage()
                .contains("unknown function nosuch()"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Expression.parse("(price")).getMessage()
                .contains("')' expected"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Expression.parse("'open")).getMessage()
                .contains("unclosed string"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Expression.parse("upper(a, b)")).getMessage()
                .contains("upper() takes 1 argument(s), got 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Expression.parse("price price")).getMessage()
                .contains("unexpected 'p'"));
    }
}
