package io.mysqlmongosync.mapping.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the field rules of one collection of a mapping file: rename, drop, computed, types, validate, on_invalid. */
final class FieldMappingParser {

    private final YamlNodes y;

    FieldMappingParser(YamlNodes y) {
        this.y = y;
    }

    FieldMapping fields(Map<String, Node> m, String where) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        Map<String, String> rename = m.containsKey("rename") ? rename(m.get("rename"), where, lines) : Map.of();
        List<String> drop = m.containsKey("drop") ? drop(m.get("drop"), where, lines) : List.of();
        Map<String, Expression> computed = new LinkedHashMap<>();
        if (m.containsKey("computed")) {
            for (NodeTuple t : y.mapping(m.get("computed"), where + ": computed").getValue()) {
                String f = y.field(t.getKeyNode(), where + ": computed");
                computed.put(f, expression(t.getValueNode(), f, where));
                lines.put("computed." + f, YamlNodes.line(t.getKeyNode()));
            }
        }
        Map<String, TypeOverride> types = new LinkedHashMap<>();
        if (m.containsKey("types")) {
            for (NodeTuple t : y.mapping(m.get("types"), where + ": types").getValue()) {
                String f = y.field(t.getKeyNode(), where + ": types");
                types.put(f, type(t.getValueNode(), f, where));
                lines.put("types." + f, YamlNodes.line(t.getKeyNode()));
            }
        }
        List<FieldRule> rules = new ArrayList<>();
        if (m.containsKey("validate")) {
            for (NodeTuple t : y.mapping(m.get("validate"), where + ": validate").getValue()) {
                String f = y.field(t.getKeyNode(), where + ": validate");
                lines.put("validate." + f, YamlNodes.line(t.getKeyNode()));
                rules.addAll(rules(f, t.getValueNode(), where + ": validate " + f));
            }
        }
        boolean note = m.containsKey("on_invalid") && onInvalidNotes(m.get("on_invalid"), where);
        return new FieldMapping(Map.copyOf(rename), List.copyOf(drop), java.util.Collections.unmodifiableMap(computed),
                java.util.Collections.unmodifiableMap(types), List.copyOf(rules), note, Map.copyOf(lines));
    }

    private Map<String, String> rename(Node node, String where, Map<String, Integer> lines) {
        Map<String, String> rename = new LinkedHashMap<>();
        Set<String> targets = new HashSet<>();
        for (NodeTuple t : y.mapping(node, where + ": rename").getValue()) {
            String from = y.name(t.getKeyNode(), where + ": rename");
            String to = y.field(t.getValueNode(), where + ": rename " + from);
            if (!targets.add(to)) {
                throw y.error(t.getValueNode(), where + ": two columns are renamed to '" + to + "'");
            }
            rename.put(from, to);
            lines.put("rename." + from, YamlNodes.line(t.getKeyNode()));
        }
        return rename;
    }

    private List<String> drop(Node d, String where, Map<String, Integer> lines) {
        if (!(d instanceof SequenceNode seq)) {
            throw y.error(d, where + ": 'drop' must be a list of columns");
        }
        List<String> drop = new ArrayList<>();
        for (Node n : seq.getValue()) {
            String col = y.name(n, where + ": drop");
            drop.add(col);
            lines.put("drop." + col, YamlNodes.line(n));
        }
        return drop;
    }

    private Expression expression(Node node, String field, String where) {
        String text = y.scalar(node, where + ": computed " + field);
        try {
            return Expression.parse(text);
        } catch (IllegalArgumentException e) {
            throw y.error(node, where + ": computed field '" + field + "': " + e.getMessage());
        }
    }

    private TypeOverride type(Node node, String field, String where) {
        String name = y.scalar(node, where + ": types " + field);
        TypeOverride type = TypeOverride.named(name);
        if (type == null) {
            throw y.error(node, where + ": types: '" + name + "' for field '" + field
                    + "' is not a type (known: " + TypeOverride.names() + ")");
        }
        return type;
    }

    /** on_invalid: {@code skip} (false) or {@code note} (true). */
    private boolean onInvalidNotes(Node node, String where) {
        String v = y.scalar(node, where + ": on_invalid");
        if (!v.equals("skip") && !v.equals("note")) {
            throw y.error(node, where + ": on_invalid must be 'skip' (leave the row out) or 'note' "
                    + "(write it with a _validation note), not '" + v + "'");
        }
        return v.equals("note");
    }

    private List<FieldRule> rules(String field, Node node, String where) {
        List<FieldRule> out = new ArrayList<>();
        BigDecimal min = null;
        BigDecimal max = null;
        for (NodeTuple t : y.mapping(node, where).getValue()) {
            String key = y.scalar(t.getKeyNode(), where);
            FieldRule.Kind kind = FieldRule.Kind.of(key);
            if (kind == null) {
                throw y.error(t.getKeyNode(), where + ": unknown rule '" + key
                        + "' (known: required, min, max, min_length, max_length, regex, enum)");
            }
            FieldRule rule = rule(field, kind, key, t.getValueNode(), YamlNodes.line(t.getKeyNode()), where);
            if (rule != null) {
                out.add(rule);
            }
            if (kind == FieldRule.Kind.MIN) {
                min = rule.number();
            } else if (kind == FieldRule.Kind.MAX) {
                max = rule.number();
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw y.error(node, where + ": min " + min.toPlainString() + " is greater than max " + max.toPlainString());
        }
        return out;
    }

    /** One rule of a field; null for {@code required: false}. */
    private FieldRule rule(String field, FieldRule.Kind kind, String key, Node v, int line, String where) {
        return switch (kind) {
            case REQUIRED -> {
                String b = y.scalar(v, where + ": required");
                if (!b.equals("true") && !b.equals("false")) {
                    throw y.error(v, where + ": required must be true or false, not '" + b + "'");
                }
                yield b.equals("true") ? new FieldRule(field, kind, null, null, null, line) : null;
            }
            case MIN, MAX -> new FieldRule(field, kind, y.decimal(v, where + ": " + key), null, null, line);
            case MIN_LENGTH, MAX_LENGTH -> {
                BigDecimal n = y.decimal(v, where + ": " + key);
                if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
                    throw y.error(v, where + ": " + key + " must be a whole number >= 0, not " + n.toPlainString());
                }
                yield new FieldRule(field, kind, n, null, null, line);
            }
            case REGEX -> {
                String p = y.scalar(v, where + ": regex");
                try {
                    yield new FieldRule(field, kind, null, Pattern.compile(p), null, line);
                } catch (PatternSyntaxException e) {
                    throw y.error(v, where + ": regex '" + p + "' is not a valid pattern: " + e.getDescription());
                }
            }
            case ENUM -> {
                if (!(v instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                    throw y.error(v, where + ": enum must be a non-empty list of values");
                }
                List<String> values = new ArrayList<>();
                for (Node n : seq.getValue()) {
                    values.add(y.scalar(n, where + ": enum"));
                }
                yield new FieldRule(field, kind, null, null, List.copyOf(values), line);
            }
        };
    }
}
