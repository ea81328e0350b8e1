package io.mysqlmongosync.mapping.spec;

import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a mapping file (YAML) into a {@link MappingSpec}. Works on the YAML node tree, so every problem is reported
 * with its line; unknown keys are refused (a typo must not silently disable a rule). Checks that need the
 * database (do the tables and columns exist?) happen later, in {@link MappingResolver}.
 *
 * <pre>
 * collections:
 *   orders:                     # collection name
 *     table: orders             # source table (default: the collection name)
 *     rename: {customer_id: customer}
 *     drop: [internal_note]
 *     computed: {total_with_tax: "total_amount * 1.2"}
 *     types: {placed_at: string}
 *     validate:
 *       total_amount: {required: true, min: 0}
 *     on_invalid: skip          # or note
 *     embed:
 *       - {type: many, table: order_items, as: items, foreign_key: order_id}
 *       - {type: one, table: customers, as: buyer, local_key: customer, fields: [email]}
 * </pre>
 */
public final class MappingFileParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$ -]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}");

    private final String file;

    private MappingFileParser(String file) {
        this.file = file;
    }

    /**
     * Parses the YAML read from {@code reader}; {@code file} names it in messages.
     *
     * @throws MappingException naming the file, line and problem
     */
    public static MappingSpec parse(String file, Reader reader, boolean builtIn) {
        return new MappingFileParser(file).read(reader, builtIn);
    }

    private MappingSpec read(Reader reader, boolean builtIn) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new MappingException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new MappingException(file, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new MappingException(file, 0, "the file is empty; it needs a 'collections:' section");
        }
        Map<String, Node> top = map(root, "the file", Set.of("collections"));
        Node collections = top.get("collections");
        if (collections == null) {
            throw error(root, "the file needs a 'collections:' section");
        }
        List<CollectionSpec> out = new ArrayList<>();
        Set<String> tables = new HashSet<>();
        for (NodeTuple t : mapping(collections, "collections").getValue()) {
            String name = scalar(t.getKeyNode(), "a collection name");
            if (!COLLECTION.matcher(name).matches() || name.startsWith("system.") || name.startsWith("_sync")) {
                throw error(t.getKeyNode(), "'" + name
                        + "' is not a usable collection name (letters, digits, _ . -; not system.* or _sync*)");
            }
            CollectionSpec c = collection(name, t.getValueNode(), line(t.getKeyNode()));
            if (!tables.add(c.table())) {
                throw error(t.getKeyNode(), "table '" + c.table() + "' already feeds another collection");
            }
            out.add(c);
        }
        return new MappingSpec(file, List.copyOf(out), builtIn);
    }

    private CollectionSpec collection(String name, Node node, int line) {
        String where = "collection '" + name + "'";
        Map<String, Node> m = map(node, where, Set.of("table", "rename", "drop", "computed", "types", "validate",
                "on_invalid", "embed"));
        String table = m.containsKey("table") ? name(m.get("table"), where + ": table") : name;
        FieldMapping fields = fields(m, where);
        List<EmbedSpec> embeds = new ArrayList<>();
        if (m.containsKey("embed")) {
            Node e = m.get("embed");
            if (!(e instanceof SequenceNode seq)) {
                throw error(e, where + ": 'embed' must be a list of relationships");
            }
            Set<String> as = new HashSet<>();
            for (Node item : seq.getValue()) {
                EmbedSpec spec = embed(item, where);
                if (!as.add(spec.as())) {
                    throw error(item, where + ": two relationships use the field '" + spec.as() + "'");
                }
                embeds.add(spec);
            }
        }
        return new CollectionSpec(name, table, fields, List.copyOf(embeds), line);
    }

    private EmbedSpec embed(Node node, String owner) {
        Map<String, Node> m = map(node, owner + ": embed", Set.of("type", "table", "as", "foreign_key", "local_key",
                "fields", "rename", "drop", "computed", "types", "validate", "on_invalid"));
        String table = required(m, node, "table", owner + ": embed");
        String where = owner + ": embed '" + table + "'";
        String type = m.containsKey("type") ? scalar(m.get("type"), where + ": type") : "";
        EmbedSpec.Kind kind = switch (type) {
            case "many" -> EmbedSpec.Kind.MANY;
            case "one" -> EmbedSpec.Kind.ONE;
            default -> throw error(m.getOrDefault("type", node), where + ": 'type' must be 'many' (child rows as an "
                    + "array) or 'one' (the referenced row as a sub-document)" + (type.isEmpty() ? "" : ", not '" + type + "'"));
        };
        String as = m.containsKey("as") ? field(m.get("as"), where + ": as") : table;
        if (kind == EmbedSpec.Kind.MANY) {
            for (String k : List.of("local_key", "fields")) {
                if (m.containsKey(k)) {
                    throw error(m.get(k), where + ": '" + k + "' belongs to type one; type many uses foreign_key");
                }
            }
            String fk = name(requiredNode(m, node, "foreign_key", where), where + ": foreign_key");
            return new EmbedSpec(kind, name(m.get("table"), where), as, fk, null, List.of(), fields(m, where),
                    line(node));
        }
        for (String k : List.of("foreign_key", "rename", "drop", "computed", "types", "validate", "on_invalid")) {
            if (m.containsKey(k)) {
                throw error(m.get(k), where + ": '" + k + "' is not supported for type one (use 'fields')");
            }
        }
        String local = name(requiredNode(m, node, "local_key", where), where + ": local_key");
        List<String> fields = m.containsKey("fields") ? names(m.get("fields"), where + ": fields") : List.of();
        return new EmbedSpec(kind, table, as, null, local, fields, FieldMapping.IDENTITY, line(node));
    }

    private FieldMapping fields(Map<String, Node> m, String where) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        Map<String, String> rename = new LinkedHashMap<>();
        if (m.containsKey("rename")) {
            Set<String> targets = new HashSet<>();
            for (NodeTuple t : mapping(m.get("rename"), where + ": rename").getValue()) {
                String from = name(t.getKeyNode(), where + ": rename");
                String to = field(t.getValueNode(), where + ": rename " + from);
                if (!targets.add(to)) {
                    throw error(t.getValueNode(), where + ": two columns are renamed to '" + to + "'");
                }
                rename.put(from, to);
                lines.put("rename." + from, line(t.getKeyNode()));
            }
        }
        List<String> drop = new ArrayList<>();
        if (m.containsKey("drop")) {
            Node d = m.get("drop");
            if (!(d instanceof SequenceNode seq)) {
                throw error(d, where + ": 'drop' must be a list of columns");
            }
            for (Node n : seq.getValue()) {
                String col = name(n, where + ": drop");
                drop.add(col);
                lines.put("drop." + col, line(n));
            }
        }
        Map<String, Expression> computed = new LinkedHashMap<>();
        if (m.containsKey("computed")) {
            for (NodeTuple t : mapping(m.get("computed"), where + ": computed").getValue()) {
                String f = field(t.getKeyNode(), where + ": computed");
                String text = scalar(t.getValueNode(), where + ": computed " + f);
                try {
                    computed.put(f, Expression.parse(text));
                } catch (IllegalArgumentException e) {
                    throw error(t.getValueNode(), where + ": computed field '" + f + "': " + e.getMessage());
                }
                lines.put("computed." + f, line(t.getKeyNode()));
            }
        }
        Map<String, TypeOverride> types = new LinkedHashMap<>();
        if (m.containsKey("types")) {
            for (NodeTuple t : mapping(m.get("types"), where + ": types").getValue()) {
                String f = field(t.getKeyNode(), where + ": types");
                String name = scalar(t.getValueNode(), where + ": types " + f);
                TypeOverride type = TypeOverride.named(name);
                if (type == null) {
                    throw error(t.getValueNode(), where + ": types: '" + name + "' for field '" + f
                            + "' is not a type (known: " + TypeOverride.names() + ")");
                }
                types.put(f, type);
                lines.put("types." + f, line(t.getKeyNode()));
            }
        }
        List<FieldRule> rules = new ArrayList<>();
        if (m.containsKey("validate")) {
            for (NodeTuple t : mapping(m.get("validate"), where + ": validate").getValue()) {
                String f = field(t.getKeyNode(), where + ": validate");
                lines.put("validate." + f, line(t.getKeyNode()));
                rules.addAll(rules(f, t.getValueNode(), where + ": validate " + f));
            }
        }
        boolean note = false;
        if (m.containsKey("on_invalid")) {
            String v = scalar(m.get("on_invalid"), where + ": on_invalid");
            if (!v.equals("skip") && !v.equals("note")) {
                throw error(m.get("on_invalid"), where + ": on_invalid must be 'skip' (leave the row out) or 'note' "
                        + "(write it with a _validation note), not '" + v + "'");
            }
            note = v.equals("note");
        }
        return new FieldMapping(Map.copyOf(rename), List.copyOf(drop), java.util.Collections.unmodifiableMap(computed),
                java.util.Collections.unmodifiableMap(types), List.copyOf(rules), note, Map.copyOf(lines));
    }

    private List<FieldRule> rules(String field, Node node, String where) {
        List<FieldRule> out = new ArrayList<>();
        BigDecimal min = null;
        BigDecimal max = null;
        for (NodeTuple t : mapping(node, where).getValue()) {
            String key = scalar(t.getKeyNode(), where);
            FieldRule.Kind kind = FieldRule.Kind.of(key);
            Node v = t.getValueNode();
            int line = line(t.getKeyNode());
            if (kind == null) {
                throw error(t.getKeyNode(), where + ": unknown rule '" + key
                        + "' (known: required, min, max, min_length, max_length, regex, enum)");
            }
            switch (kind) {
                case REQUIRED -> {
                    String b = scalar(v, where + ": required");
                    if (!b.equals("true") && !b.equals("false")) {
                        throw error(v, where + ": required must be true or false, not '" + b + "'");
                    }
                    if (b.equals("true")) {
                        out.add(new FieldRule(field, kind, null, null, null, line));
                    }
                }
                case MIN, MAX -> {
                    BigDecimal n = decimal(v, where + ": " + key);
                    if (kind == FieldRule.Kind.MIN) {
                        min = n;
                    } else {
                        max = n;
                    }
                    out.add(new FieldRule(field, kind, n, null, null, line));
                }
                case MIN_LENGTH, MAX_LENGTH -> {
                    BigDecimal n = decimal(v, where + ": " + key);
                    if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
                        throw error(v, where + ": " + key + " must be a whole number >= 0, not " + n.toPlainString());
                    }
                    out.add(new FieldRule(field, kind, n, null, null, line));
                }
                case REGEX -> {
                    String p = scalar(v, where + ": regex");
                    try {
                        out.add(new FieldRule(field, kind, null, Pattern.compile(p), null, line));
                    } catch (PatternSyntaxException e) {
                        throw error(v, where + ": regex '" + p + "' is not a valid pattern: " + e.getDescription());
                    }
                }
                case ENUM -> {
                    if (!(v instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                        throw error(v, where + ": enum must be a non-empty list of values");
                    }
                    List<String> values = new ArrayList<>();
                    for (Node n : seq.getValue()) {
                        values.add(scalar(n, where + ": enum"));
                    }
                    out.add(new FieldRule(field, kind, null, null, List.copyOf(values), line));
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw error(node, where + ": min " + min.toPlainString() + " is greater than max " + max.toPlainString());
        }
        return out;
    }

    private BigDecimal decimal(Node v, String where) {
        String s = scalar(v, where);
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw error(v, where + " must be a number, not '" + s + "'");
        }
    }

    private Map<String, Node> map(Node node, String where, Set<String> allowed) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, where).getValue()) {
            String key = scalar(t.getKeyNode(), where);
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), where + ": unknown key '" + key + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            m.put(key, t.getValueNode());
        }
        return m;
    }

    private MappingNode mapping(Node node, String where) {
        if (node instanceof MappingNode m) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (k != null && !seen.add(k)) {
                    throw error(t.getKeyNode(), where + ": '" + k + "' appears twice");
                }
            }
            return m;
        }
        throw error(node, where + " must be a map (key: value)");
    }

    private String scalar(Node node, String where) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error(node, where + " must be a single value, not a " + (node instanceof SequenceNode ? "list" : "map"));
    }

    private String name(Node node, String where) {
        String s = scalar(node, where);
        if (!NAME.matcher(s).matches()) {
            throw error(node, where + ": '" + s + "' is not a table or column name");
        }
        return s;
    }

    private String field(Node node, String where) {
        String s = scalar(node, where);
        if (!FIELD.matcher(s).matches() || s.equals("_id") || s.startsWith("_sync") || s.equals("_deleted")
                || s.equals("_validation")) {
            throw error(node, where + ": '" + s + "' is not a usable field name (letters, digits, _; not _id, _sync*, "
                    + "_deleted, _validation)");
        }
        return s;
    }

    private List<String> names(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, where + " must be a list of columns");
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            out.add(name(n, where));
        }
        return List.copyOf(out);
    }

    private String required(Map<String, Node> m, Node owner, String key, String where) {
        return scalar(requiredNode(m, owner, key, where), where + ": " + key);
    }

    private Node requiredNode(Map<String, Node> m, Node owner, String key, String where) {
        Node n = m.get(key);
        if (n == null) {
            throw error(owner, where + ": '" + key + "' is missing");
        }
        return n;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private MappingException error(Node node, String problem) {
        return new MappingException(file, line(node), problem);
    }
}
