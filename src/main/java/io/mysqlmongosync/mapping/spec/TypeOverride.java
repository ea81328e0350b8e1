package io.mysqlmongosync.mapping.spec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * The BSON type a mapping forces on a field ({@code types:} in the mapping file). A value that cannot be
 * converted exactly (a fraction to {@code int}, text that is not a number) makes the row invalid rather than
 * being rounded or guessed.
 */
public enum TypeOverride {
    /** Text. */
    STRING,
    /** int32. */
    INT,
    /** int64. */
    LONG,
    /** double. */
    DOUBLE,
    /** Decimal128. */
    DECIMAL,
    /** boolean. */
    BOOL,
    /** date (UTC). */
    DATE;

    /** The override named {@code name} (case-insensitive), or null. */
    public static TypeOverride named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** The names accepted in the mapping file. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * {@code value} as this type (null stays null).
     *
     * @throws IllegalArgumentException when the value has no exact equivalent
     */
    public Object convert(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case STRING -> text(value);
            case INT -> whole(value, true);
            case LONG -> whole(value, false);
            case DOUBLE -> value instanceof Number n && !(n instanceof Decimal128) ? (Object) n.doubleValue()
                    : (Object) exact(value).doubleValue();
            case DECIMAL -> new Decimal128(exact(value));
            case BOOL -> bool(value);
            case DATE -> date(value);
        };
    }

    private static Object whole(Object value, boolean int32) {
        BigDecimal d = exact(value);
        try {
            return int32 ? (Object) d.intValueExact() : (Object) d.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(describe(value) + " is not a whole number that fits "
                    + (int32 ? "int32" : "int64"));
        }
    }

    private static String text(Object v) {
        if (v instanceof Decimal128 d) {
            return d.bigDecimalValue().toPlainString();
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof Document d) {
            return d.toJson();
        }
        if (v instanceof Binary b) {
            return Base64.getEncoder().encodeToString(b.getData());
        }
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    private static BigDecimal exact(Object v) {
        if (v instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(v + " is not a finite number");
            }
            return new BigDecimal(v.toString());
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(describe(v) + " is not a number");
            }
        }
        throw new IllegalArgumentException(describe(v) + " is not a number");
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number) {
            return exact(v).signum() != 0;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "y", "on":
                    return true;
                case "false", "0", "no", "n", "off", "":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(describe(v) + " is not a boolean");
    }

    private static Date date(Object v) {
        if (v instanceof Date d) {
            return d;
        }
        if (v instanceof String s) {
            String t = s.trim();
            try {
                if (t.length() == 10) {
                    return Date.from(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
                }
                if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return Date.from(Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(t)));
                }
                return Date.from(java.time.LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(describe(v) + " is not a date (YYYY-MM-DD or ISO-8601)");
            }
        }
        throw new IllegalArgumentException(describe(v) + " is not a date");
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : text(v);
    }
}
