package io.mysqlmongosync.mapping.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

class FieldRuleTest {

    static FieldRule rule(FieldRule.Kind kind, Object param) {
        return new FieldRule("f", kind, param instanceof BigDecimal d ? d : null,
                param instanceof Pattern p ? p : null, param instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null, 1);
    }

    static String check(FieldRule r, Object value) {
        return r.check(new Document("f", value));
    }

    @Test
    void numbersCompareExactlyWhateverTheirType() {
        FieldRule min = rule(FieldRule.Kind.MIN, BigDecimal.ZERO);
        assertNull(check(min, new Decimal128(new BigDecimal("0.00"))));
        assertEquals("f must be >= 0 (was -0.01)", check(min, new Decimal128(new BigDecimal("-0.01"))));
        assertEquals("f must be >= 0 (was -1)", check(min, -1));
        assertEquals("f must be >= 0 (was -1.5)", check(min, -1.5));
        assertNull(check(min, "12345678901234567890123456789012345.5"), "a DECIMAL kept as exact text still compares");
        assertEquals("f must be a number (was 'abc')", check(min, "abc"));
        assertNull(check(min, null), "only required refuses a null");
        FieldRule max = rule(FieldRule.Kind.MAX, new BigDecimal("5"));
        assertEquals("f must be <= 5 (was 6)", check(max, 6L));
    }

    @Test
    void textRules() {
        assertEquals("f is required", check(rule(FieldRule.Kind.REQUIRED, null), " "));
        assertEquals("f is required", new FieldRule("f", FieldRule.Kind.REQUIRED, null, null, null, 1).check(new Document()));
        assertEquals("f must be at most 3 characters (was 4)", check(rule(FieldRule.Kind.MAX_LENGTH, new BigDecimal(3)), "abcd"));
        assertNull(check(rule(FieldRule.Kind.MAX_LENGTH, new BigDecimal(3)), "äöü"), "characters, not bytes");
        assertEquals("f must be at least 2 characters (was 1)", check(rule(FieldRule.Kind.MIN_LENGTH, new BigDecimal(2)), "a"));
        assertEquals("f must match /[a-z]+/ (was 'ab1')", check(rule(FieldRule.Kind.REGEX, Pattern.compile("[a-z]+")), "ab1"),
                "the whole value must match");
        assertNull(check(rule(FieldRule.Kind.ENUM, List.of("a", "b")), "b"));
        assertEquals("f must be one of [a, b] (was 'c')", check(rule(FieldRule.Kind.ENUM, List.of("a", "b")), "c"));
    }
}
