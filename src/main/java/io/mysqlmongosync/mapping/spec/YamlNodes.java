package io.mysqlmongosync.mapping.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Typed reads of a mapping file's YAML nodes; every problem becomes a {@link MappingException} with its line. */
final class YamlNodes {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$ -]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    /** The file named in messages. */
    String file() {
        return file;
    }

    BigDecimal decimal(Node v, String where) {
        String s = scalar(v, where);
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw error(v, where + " must be a number, not '" + s + "'");
        }
    }

    Map<String, Node> map(Node node, String where, Set<String> allowed) {
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

    MappingNode mapping(Node node, String where) {
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

    String scalar(Node node, String where) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error(node, where + " must be a single value, not a " + (node instanceof SequenceNode ? "list" : "map"));
    }

    String name(Node node, String where) {
        String s = scalar(node, where);
        if (!NAME.matcher(s).matches()) {
            throw error(node, where + ": '" + s + "' is not a table or column name");
        }
        return s;
    }

    String field(Node node, String where) {
        String s = scalar(node, where);
        if (!FIELD.matcher(s).matches() || s.equals("_id") || s.startsWith("_sync") || s.equals("_deleted")
                || s.equals("_validation")) {
            throw error(node, where + ": '" + s + "' is not a usable field name (letters, digits, _; not _id, _sync*, "
                    + "_deleted, _validation)");
        }
        return s;
    }

    List<String> names(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, where + " must be a list of columns");
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            out.add(name(n, where));
        }
        return List.copyOf(out);
    }

    String required(Map<String, Node> m, Node owner, String key, String where) {
        return scalar(requiredNode(m, owner, key, where), where + ": " + key);
    }

    Node requiredNode(Map<String, Node> m, Node owner, String key, String where) {
        Node n = m.get(key);
        if (n == null) {
            throw error(owner, where + ": '" + key + "' is missing");
        }
        return n;
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    MappingException error(Node node, String problem) {
        return new MappingException(file, line(node), problem);
    }
}
