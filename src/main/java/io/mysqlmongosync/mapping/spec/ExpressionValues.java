package io.mysqlmongosync.mapping.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bson.types.Decimal128;

/** The value rules of {@link Expression}: arithmetic on mixed number types and the functions. */
final class ExpressionValues {

    /** The functions an expression may call. */
    static final Set<String> FUNCTIONS = Set.of("concat", "upper", "lower", "trim", "coalesce", "round", "year",
            "month", "day", "hour", "minute", "date");

    private ExpressionValues() {
    }

    static Object arithmetic(char op, Object a, Object b) {
        Number x = number(a);
        Number y = number(b);
        if (x instanceof Double || y instanceof Double) {
            double p = x.doubleValue();
            double q = y.doubleValue();
            return switch (op) {
                case '+' -> p + q;
                case '-' -> p - q;
                case '*' -> p * q;
                case '/' -> {
                    if (q == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    yield p / q;
                }
                default -> p % q;
            };
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal || op == '/') {
            BigDecimal p = decimal(x);
            BigDecimal q = decimal(y);
            BigDecimal r = switch (op) {
                case '+' -> p.add(q);
                case '-' -> p.subtract(q);
                case '*' -> p.multiply(q);
                case '/' -> {
                    if (q.signum() == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    yield p.divide(q, MathContext.DECIMAL128);
                }
                default -> {
                    if (q.signum() == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    yield p.remainder(q);
                }
            };
            if (!(x instanceof BigDecimal) && !(y instanceof BigDecimal) && r.stripTrailingZeros().scale() <= 0) {
                return r.longValueExact(); // whole-number division of whole numbers stays a whole number
            }
            return new Decimal128(r.round(MathContext.DECIMAL128));
        }
        long p = x.longValue();
        long q = y.longValue();
        return switch (op) {
            case '+' -> Math.addExact(p, q);
            case '-' -> Math.subtractExact(p, q);
            case '*' -> Math.multiplyExact(p, q);
            default -> {
                if (q == 0) {
                    throw new ArithmeticException("division by zero");
                }
                yield p % q;
            }
        };
    }

    /** Long, Double or BigDecimal. */
    static Number number(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof String s) {
            try {
                BigDecimal d = new BigDecimal(s.trim());
                return d.scale() <= 0 && d.precision() - d.scale() < 19 ? (Number) d.longValueExact() : d;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
        }
        throw new IllegalArgumentException("a " + kind(v) + " is not a number");
    }

    static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(n.toString());
    }

    static Object call(String function, List<Object> v) {
        switch (function) {
            case "concat": {
                StringBuilder sb = new StringBuilder();
                for (Object o : v) {
                    if (o != null) {
                        sb.append(text(o));
                    }
                }
                return sb.toString();
            }
            case "coalesce":
                return v.stream().filter(o -> o != null).findFirst().orElse(null);
            case "upper":
                return v.get(0) == null ? null : text(v.get(0)).toUpperCase(Locale.ROOT);
            case "lower":
                return v.get(0) == null ? null : text(v.get(0)).toLowerCase(Locale.ROOT);
            case "trim":
                return v.get(0) == null ? null : text(v.get(0)).strip();
            case "round": {
                if (v.get(0) == null) {
                    return null;
                }
                int digits = v.size() > 1 && v.get(1) != null ? number(v.get(1)).intValue() : 0;
                Number n = number(v.get(0));
                if (n instanceof Long l) {
                    return l;
                }
                BigDecimal r = decimal(n).setScale(digits, RoundingMode.HALF_UP);
                return n instanceof Double ? (Object) r.doubleValue() : new Decimal128(r);
            }
            default: {
                if (v.get(0) == null) {
                    return null;
                }
                LocalDateTime t = dateTime(v.get(0));
                return switch (function) {
                    case "year" -> (long) t.getYear();
                    case "month" -> (long) t.getMonthValue();
                    case "day" -> (long) t.getDayOfMonth();
                    case "hour" -> (long) t.getHour();
                    case "minute" -> (long) t.getMinute();
                    default -> t.toLocalDate().toString();
                };
            }
        }
    }

    static LocalDateTime dateTime(Object v) {
        if (v instanceof Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (v instanceof String s) {
            try {
                return s.length() <= 10 ? LocalDate.parse(s).atStartOfDay()
                        : ZonedDateTime.parse(s).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(s.replace(' ', 'T'));
                } catch (java.time.format.DateTimeParseException e2) {
                    throw new IllegalArgumentException("'" + s + "' is not a date");
                }
            }
        }
        throw new IllegalArgumentException("a " + kind(v) + " is not a date");
    }

    static String text(Object o) {
        if (o instanceof Decimal128 d) {
            return d.bigDecimalValue().toPlainString();
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (o instanceof Date d) {
            return d.toInstant().toString();
        }
        return String.valueOf(o);
    }

    static String kind(Object v) {
        return v instanceof org.bson.Document ? "document" : v instanceof List ? "array" : v.getClass().getSimpleName();
    }
}
