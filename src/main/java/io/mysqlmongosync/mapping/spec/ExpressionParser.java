package io.mysqlmongosync.mapping.spec;

import io.mysqlmongosync.mapping.spec.Expression.Binary;
import io.mysqlmongosync.mapping.spec.Expression.Call;
import io.mysqlmongosync.mapping.spec.Expression.Column;
import io.mysqlmongosync.mapping.spec.Expression.Literal;
import io.mysqlmongosync.mapping.spec.Expression.Negate;
import io.mysqlmongosync.mapping.spec.Expression.Node;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Recursive descent over the grammar of {@link Expression}. */
final class ExpressionParser {
    private final String text;
    private final Set<String> columns = new LinkedHashSet<>();
    private int pos;

    ExpressionParser(String text) {
        this.text = text == null ? "" : text;
    }

    /** The whole text as one expression; anything left over is an error. */
    Node whole() {
        Node root = expression();
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        return root;
    }

    /** The column names read so far. */
    Set<String> columns() {
        return columns;
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
        if (!ExpressionValues.FUNCTIONS.contains(function)) {
            pos = start;
            throw error("unknown function " + function + "() (known: " + String.join(", ", new java.util.TreeSet<>(ExpressionValues.FUNCTIONS)) + ")");
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
