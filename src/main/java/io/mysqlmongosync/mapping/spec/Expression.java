package io.mysqlmongosync.mapping.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        ExpressionParser p = new ExpressionParser(text);
        Node root = p.whole();
        return new Expression(text, root, Set.copyOf(p.columns()));
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

    /** A parsed part of an expression. */
    interface Node {
        /** Its value for {@code row}. */
        Object eval(Map<String, Object> row);
    }

    record Literal(Object value) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            return value;
        }
    }

    record Column(String name) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            return row.get(name);
        }
    }

    record Negate(Node operand) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            Object v = operand.eval(row);
            return v == null ? null : ExpressionValues.arithmetic('-', 0L, v);
        }
    }

    record Binary(char op, Node left, Node right) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            Object a = left.eval(row);
            Object b = right.eval(row);
            return a == null || b == null ? null : ExpressionValues.arithmetic(op, a, b);
        }
    }

    record Call(String function, List<Node> args) implements Node {
        @Override
        public Object eval(Map<String, Object> row) {
            List<Object> values = new ArrayList<>(args.size());
            for (Node n : args) {
                values.add(n.eval(row));
            }
            return ExpressionValues.call(function, values);
        }
    }
}
