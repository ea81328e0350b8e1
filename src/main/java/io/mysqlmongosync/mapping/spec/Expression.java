package io.mysqlmongosync.mapping.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.types.Decimal128;

/**
 * A computed-field expression of the mapping file, parsed once and evaluated per row against the converted
 * source columns.
 *
 * <p>Grammar: numbers ({@code 2}, {@code 1.19}), strings ({@code 'text'}, {@code ''} escapes a quote), {@code true},
 * {@code false}, {@code null}, column names (letters, digits, {@code _}; {@code `odd name`} in back quotes),
 * {@code + - * / %} with the usual precedence, parentheses, and the functions {@code concat(a, ...)},
 * {@code upper(s)}, {@code lower(s)}, {@code trim(s)}, {@code coalesce(a, ...)}, {@code round(x[, digits])},
 * {@code year(d)}, {@code month(d)}, {@code day(d)}, {@code hour(d)}, {@code minute(d)}, {@code date(d)} (the day as
 * {@code YYYY-MM-DD}). Arithmetic on DECIMAL values (Decimal128) stays exact; any null operand gives null.
 * Whole-number results are int64, exact ones Decimal128, anything with a double is a double.
 */
public final class Expression {

    private static final Set<String> FUNCTIONS = Set.of("concat", "upper", "lower", "trim", "coalesce", "round", "year",
            "month", "day", "hour", "minute", "date");

    private final String source;
    private final Node root;
    private final Set<String> columns;

    private Expression(String source, Node root, Set<String> columns) {
        this.source = source;
        this.root = root;
        this.columns = columns;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the position and the problem
     */
    public static Expression parse(String text) {
        Parser p = new Parser(text);
        Node root = p.expression();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return new Expression(text, root, Set.copyOf(p.columns));
    }

    /** The column names the expression reads. */
    public Set<String> columns() {
        return columns;
    }

    /** The expression as written. */
    public String source() {
        return source;
    }

    /**
     * The value for one row ({@code row} maps column names to converted values).
     *
     * @throws ArithmeticException or IllegalArgumentException when the row's values do not fit the expression
     */
    public Object evaluate(Map<String, Object> row) {
        return root.eval(row);
    }

    @Override
    public String toString() {
        return source;
    }

    private interface Node {
        Object eval(Map<String, Object> row);
    }

    private record Literal(Object value) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            return value;
        }
    }

    private record Column(String name) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            return row.get(name);
        }
    }

    private record Negate(Node operand) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            Object v = operand.eval(row);
            return v == null ? null : arithmetic('-', 0L, v);
        }
    }

    private record Binary(char op, Node left, Node right) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            Object a = left.eval(row);
            Object b = right.eval(row);
            return a == null || b == null ? null : arithmetic(op, a, b);
        }
    }

    private record Call(String function, List<Node> args) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            List<Object> values = new ArrayList<>(args.size());
            for (Node n : args) {
                values.add(n.eval(row));
            }
            return call(function, values);
        }
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
    private static Number number(Object v) {
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

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(n.toString());
    }

    private static Object call(String function, List<Object> v) {
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

    private static LocalDateTime dateTime(Object v) {
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

    private static String text(Object o) {
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

    private static String kind(Object v) {
        return v instanceof org.bson.Document ? "document" : v instanceof List ? "array" : v.getClass().getSimpleName();
    }

    /** Recursive descent over the grammar in the class comment. */
    private static final class Parser {
        private final String text;
        private final Set<String> columns = new LinkedHashSet<>();
        private int pos;

        Parser(String text) {
            this.text = text == null ? "" : text;
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("expression '" + text + "', at character " + (pos + 1) + ": " + problem);
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Node expression() {
            Node left = term();
            while (true) {
                if (eat('+')) {
                    left = new Binary('+', left, term());
                } else if (eat('-')) {
                    left = new Binary('-', left, term());
                } else {
                    return left;
                }
            }
        }

        Node term() {
            Node left = unary();
            while (true) {
                skipSpace();
                char c = pos < text.length() ? text.charAt(pos) : 0;
                if (c == '*' || c == '/' || c == '%') {
                    pos++;
                    left = new Binary(c, left, unary());
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            if (eat('-')) {
                return new Negate(unary());
            }
            return primary();
        }

        Node primary() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("the expression ends where a value was expected");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                Node inner = expression();
                if (!eat(')')) {
                    throw error("')' expected");
                }
                return inner;
            }
            if (c == '\'') {
                return new Literal(string());
            }
            if (Character.isDigit(c) || c == '.') {
                return new Literal(numberLiteral());
            }
            if (c == '`') {
                int end = text.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("unclosed back quote");
                }
                String name = text.substring(pos + 1, end);
                pos = end + 1;
                columns.add(name);
                return new Column(name);
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                String word = text.substring(start, pos);
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == '(') {
                    return call(word.toLowerCase(Locale.ROOT), start);
                }
                switch (word.toLowerCase(Locale.ROOT)) {
                    case "true":
                        return new Literal(Boolean.TRUE);
                    case "false":
                        return new Literal(Boolean.FALSE);
                    case "null":
                        return new Literal(null);
                    default:
                        columns.add(word);
                        return new Column(word);
                }
            }
            throw error("unexpected '" + c + "'");
        }

        private Node call(String function, int start) {
            if (!FUNCTIONS.contains(function)) {
                pos = start;
                throw error("unknown function " + function + "() (known: " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)) + ")");
            }
            pos++; // (
            List<Node> args = new ArrayList<>();
            if (!eat(')')) {
                do {
                    args.add(expression());
                } while (eat(','));
                if (!eat(')')) {
                    throw error("')' or ',' expected in the arguments of " + function + "()");
                }
            }
            int min = 1;
            int max = switch (function) {
                case "concat", "coalesce" -> Integer.MAX_VALUE;
                case "round" -> 2;
                default -> 1;
            };
            if (args.size() < min || args.size() > max) {
                pos = start;
                throw error(function + "() takes " + (max == Integer.MAX_VALUE ? "at least 1" : max == 1 ? "1"
                        : "1 or " + max) + " argument(s), got " + args.size());
            }
            return new Call(function, List.copyOf(args));
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (true) {
                if (pos >= text.length()) {
                    throw error("unclosed string");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (pos < text.length() && text.charAt(pos) == '\'') {
                        sb.append('\'');
                        pos++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private Object numberLiteral() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String n = text.substring(start, pos);
            try {
                BigDecimal d = new BigDecimal(n);
                return n.contains(".") ? d : (Object) d.longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                pos = start;
                throw error("'" + n + "' is not a number");
            }
        }
    }
}
