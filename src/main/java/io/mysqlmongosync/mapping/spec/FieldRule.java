package io.mysqlmongosync.mapping.spec;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * One validation rule of the mapping file, on one field of the mapped document: {@code required},
 * {@code min}/{@code max} (numbers), {@code max_length}/{@code min_length} (text), {@code regex} (whole value
 * must match) or {@code enum} (one of a list). Rules other than {@code required} pass a null or absent value.
 *
 * @param field the document field (after renames; computed fields too)
 * @param kind the rule
 * @param number the bound of min/max/max_length/min_length
 * @param pattern the pattern of regex
 * @param values the allowed values of enum
 * @param line the line of the rule in the mapping file (0 for built-in rules)
 */
public record FieldRule(String field, Kind kind, BigDecimal number, Pattern pattern, List<String> values, int line) {

    /** The rule kinds, named as in the mapping file. */
    public enum Kind {
        REQUIRED("required"), MIN("min"), MAX("max"), MIN_LENGTH("min_length"), MAX_LENGTH("max_length"),
        REGEX("regex"), ENUM("enum");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The name in the mapping file. */
        public String key() {
            return key;
        }

        /** The kind named {@code key}, or null. */
        public static Kind of(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The rule's name in metrics and logs: {@code <field>.<rule>}, e.g. {@code price.min}. */
    public String id() {
        return field + "." + kind.key;
    }

    /** Why {@code doc} breaks this rule, or null when it does not. */
    public String check(Document doc) {
        Object v = doc.get(field);
        if (kind == Kind.REQUIRED) {
            return v == null || (v instanceof String s && s.isBlank()) ? field + " is required" : null;
        }
        if (v == null) {
            return null;
        }
        switch (kind) {
            case MIN, MAX: {
                BigDecimal n = numeric(v);
                if (n == null) {
                    return field + " must be a number (was " + shown(v) + ")";
                }
                int c = n.compareTo(number);
                if (kind == Kind.MIN && c < 0) {
                    return field + " must be >= " + number.toPlainString() + " (was " + n.toPlainString() + ")";
                }
                if (kind == Kind.MAX && c > 0) {
                    return field + " must be <= " + number.toPlainString() + " (was " + n.toPlainString() + ")";
                }
                return null;
            }
            case MIN_LENGTH, MAX_LENGTH: {
                int len = v instanceof List<?> l ? l.size() : String.valueOf(v).codePointCount(0, String.valueOf(v).length());
                if (kind == Kind.MAX_LENGTH && len > number.intValue()) {
                    return field + " must be at most " + number.intValue() + " characters (was " + len + ")";
                }
                if (kind == Kind.MIN_LENGTH && len < number.intValue()) {
                    return field + " must be at least " + number.intValue() + " characters (was " + len + ")";
                }
                return null;
            }
            case REGEX:
                return pattern.matcher(String.valueOf(v)).matches() ? null
                        : field + " must match /" + pattern.pattern() + "/ (was " + shown(v) + ")";
            case ENUM:
                return values.contains(String.valueOf(v)) ? null
                        : field + " must be one of " + values + " (was " + shown(v) + ")";
            default:
                return null;
        }
    }

    private static BigDecimal numeric(Object v) {
        if (v instanceof Decimal128 d) {
            return d.isNaN() || d.isInfinite() ? null : d.bigDecimalValue();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof String s) {
            // A DECIMAL wider than Decimal128 is kept as its exact text: still a number to compare.
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String shown(Object v) {
        String s = v instanceof Decimal128 d ? d.bigDecimalValue().toPlainString() : String.valueOf(v);
        return s.length() > 60 ? "'" + s.substring(0, 57) + "...'" : "'" + s + "'";
    }

    /** The rule as the mapping file would write it (for {@code GET /sync/mapping}). */
    public Object parameter() {
        return switch (kind) {
            case REQUIRED -> Boolean.TRUE;
            case MIN, MAX -> number;
            case MIN_LENGTH, MAX_LENGTH -> number.intValue();
            case REGEX -> pattern.pattern();
            case ENUM -> values;
        };
    }
}
