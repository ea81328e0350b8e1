package io.mysqlmongosync.mapping.spec;

import io.mysqlmongosync.config.SettingBounds;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
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
 *     reverse: {updates: true}  # edits made in MongoDB written back to the table
 *     interval_minutes: 1       # the table's own schedule (SYNC_<TABLE>_INTERVAL_MINUTES wins)
 *     repair_interval_minutes: 60  # the table's scheduled repair, 0 off (SYNC_<TABLE>_REPAIR_INTERVAL_MINUTES wins)
 * </pre>
 */
public final class MappingFileParser {

    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}");

    private final YamlNodes y;
    private final FieldMappingParser fieldParser;

    private MappingFileParser(String file) {
        this.y = new YamlNodes(file);
        this.fieldParser = new FieldMappingParser(y);
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
            throw new MappingException(y.file(), line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new MappingException(y.file(), 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new MappingException(y.file(), 0, "the file is empty; it needs a 'collections:' section");
        }
        Map<String, Node> top = y.map(root, "the file", Set.of("collections"));
        Node collections = top.get("collections");
        if (collections == null) {
            throw y.error(root, "the file needs a 'collections:' section");
        }
        List<CollectionSpec> out = new ArrayList<>();
        Set<String> tables = new HashSet<>();
        for (NodeTuple t : y.mapping(collections, "collections").getValue()) {
            String name = y.scalar(t.getKeyNode(), "a collection name");
            if (!COLLECTION.matcher(name).matches() || name.startsWith("system.") || name.startsWith("_sync")) {
                throw y.error(t.getKeyNode(), "'" + name
                        + "' is not a usable collection name (letters, digits, _ . -; not system.* or _sync*)");
            }
            CollectionSpec c = collection(name, t.getValueNode(), YamlNodes.line(t.getKeyNode()));
            if (!tables.add(c.table())) {
                throw y.error(t.getKeyNode(), "table '" + c.table() + "' already feeds another collection");
            }
            out.add(c);
        }
        return new MappingSpec(y.file(), List.copyOf(out), builtIn);
    }

    private CollectionSpec collection(String name, Node node, int line) {
        String where = "collection '" + name + "'";
        Map<String, Node> m = y.map(node, where, Set.of("table", "rename", "drop", "computed", "types", "validate",
                "on_invalid", "embed", "reverse", "interval_minutes", "repair_interval_minutes"));
        String table = m.containsKey("table") ? y.name(m.get("table"), where + ": table") : name;
        FieldMapping fields = fieldParser.fields(m, where);
        List<EmbedSpec> embeds = new ArrayList<>();
        if (m.containsKey("embed")) {
            Node e = m.get("embed");
            if (!(e instanceof SequenceNode seq)) {
                throw y.error(e, where + ": 'embed' must be a list of relationships");
            }
            Set<String> as = new HashSet<>();
            for (Node item : seq.getValue()) {
                EmbedSpec spec = embed(item, where);
                if (!as.add(spec.as())) {
                    throw y.error(item, where + ": two relationships use the field '" + spec.as() + "'");
                }
                embeds.add(spec);
            }
        }
        ReverseSwitches reverse = m.containsKey("reverse") ? reverse(m.get("reverse"), where) : null;
        Integer interval = m.containsKey("interval_minutes") ? interval(m.get("interval_minutes"), where) : null;
        Integer repair = m.containsKey("repair_interval_minutes")
                ? repairInterval(m.get("repair_interval_minutes"), where) : null;
        return new CollectionSpec(name, table, fields, List.copyOf(embeds), line, reverse, interval, repair);
    }

    /**
     * {@code repair_interval_minutes: 60}: the table's scheduled repair, {@value
     * SettingBounds#REPAIR_INTERVAL_MINUTES_FROM_TO}.
     */
    private Integer repairInterval(Node node, String owner) {
        String s = y.scalar(node, owner + ": repair_interval_minutes");
        Integer minutes = wholeNumber(s, SettingBounds.REPAIR_INTERVAL_MINUTES_MIN,
                SettingBounds.REPAIR_INTERVAL_MINUTES_MAX);
        if (minutes == null) {
            throw y.error(node, owner + ": 'repair_interval_minutes' must be a whole number of minutes "
                    + SettingBounds.REPAIR_INTERVAL_MINUTES_FROM_TO + ", not '" + s + "'");
        }
        return minutes;
    }

    /**
     * {@code interval_minutes: 1}: the table's own schedule, {@value SettingBounds#INTERVAL_MINUTES_FROM_TO} as
     * SYNC_INTERVAL_MINUTES.
     */
    private Integer interval(Node node, String owner) {
        String s = y.scalar(node, owner + ": interval_minutes");
        Integer minutes = wholeNumber(s, SettingBounds.INTERVAL_MINUTES_MIN, SettingBounds.INTERVAL_MINUTES_MAX);
        if (minutes == null) {
            throw y.error(node, owner + ": 'interval_minutes' must be a whole number of minutes "
                    + SettingBounds.INTERVAL_MINUTES_FROM_TO + ", not '" + s + "'");
        }
        return minutes;
    }

    /** {@code s} as a whole number from {@code min} to {@code max}, or null when it is not one. */
    private static Integer wholeNumber(String s, int min, int max) {
        try {
            int n = Integer.parseInt(s);
            return n >= min && n <= max ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code reverse: {updates: true, inserts: false, deletes: false}}. */
    private ReverseSwitches reverse(Node node, String owner) {
        String where = owner + ": reverse";
        Map<String, Node> m = y.map(node, where, Set.of("updates", "inserts", "deletes"));
        boolean[] on = new boolean[3];
        String[] keys = {"updates", "inserts", "deletes"};
        for (int i = 0; i < keys.length; i++) {
            Node v = m.get(keys[i]);
            String s = v == null ? (i == 0 ? "true" : "false") : y.scalar(v, where + ": " + keys[i]);
            if (!s.equals("true") && !s.equals("false")) {
                throw y.error(v, where + ": '" + keys[i] + "' must be true or false, not '" + s + "'");
            }
            on[i] = Boolean.parseBoolean(s);
        }
        return new ReverseSwitches(on[0], on[1], on[2], YamlNodes.line(node));
    }

    private EmbedSpec embed(Node node, String owner) {
        Map<String, Node> m = y.map(node, owner + ": embed", Set.of("type", "table", "as", "foreign_key", "local_key",
                "fields", "rename", "drop", "computed", "types", "validate", "on_invalid"));
        String table = y.required(m, node, "table", owner + ": embed");
        String where = owner + ": embed '" + table + "'";
        String type = m.containsKey("type") ? y.scalar(m.get("type"), where + ": type") : "";
        EmbedSpec.Kind kind = switch (type) {
            case "many" -> EmbedSpec.Kind.MANY;
            case "one" -> EmbedSpec.Kind.ONE;
            default -> throw y.error(m.getOrDefault("type", node), where + ": 'type' must be 'many' (child rows as an "
                    + "array) or 'one' (the referenced row as a sub-document)" + (type.isEmpty() ? "" : ", not '" + type + "'"));
        };
        String as = m.containsKey("as") ? y.field(m.get("as"), where + ": as") : table;
        if (kind == EmbedSpec.Kind.MANY) {
            for (String k : List.of("local_key", "fields")) {
                if (m.containsKey(k)) {
                    throw y.error(m.get(k), where + ": '" + k + "' belongs to type one; type many uses foreign_key");
                }
            }
            String fk = y.name(y.requiredNode(m, node, "foreign_key", where), where + ": foreign_key");
            return new EmbedSpec(kind, y.name(m.get("table"), where), as, fk, null, List.of(), fieldParser.fields(m, where),
                    YamlNodes.line(node));
        }
        for (String k : List.of("foreign_key", "rename", "drop", "computed", "types", "validate", "on_invalid")) {
            if (m.containsKey(k)) {
                throw y.error(m.get(k), where + ": '" + k + "' is not supported for type one (use 'fields')");
            }
        }
        String local = y.name(y.requiredNode(m, node, "local_key", where), where + ": local_key");
        List<String> fields = m.containsKey("fields") ? y.names(m.get("fields"), where + ": fields") : List.of();
        return new EmbedSpec(kind, table, as, null, local, fields, FieldMapping.IDENTITY, YamlNodes.line(node));
    }

}
