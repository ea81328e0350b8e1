package io.mysqlmongosync.engine;

import io.mysqlmongosync.mapping.spec.Relationship;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Which tables a run syncs, and in which groups they may run at once. */
final class RunGroups {

    private RunGroups() {
    }

    /** The requested tables plus the tables read only to be embedded in them (mapping file), each once. */
    static Collection<String> withEmbedded(List<String> tables, Map<String, TableContext> all) {
        LinkedHashSet<String> out = new LinkedHashSet<>(tables);
        for (String name : tables) {
            TableContext t = all.get(name);
            if (t != null) {
                t.embeds().stream().map(r -> all.get(r.source())).filter(s -> s != null && !s.ownCollection())
                        .forEach(s -> out.add(s.name()));
            }
        }
        return out;
    }

    /**
     * The units of parallel work: ordered groups of tables, each group synced in order by one worker while up to
     * SYNC_PARALLEL_TABLES groups run at once. Tables joined by an embedding of the mapping file (a parent and the
     * tables copied into its documents, transitively) share a group, in run order: an embedded copy is then never
     * refreshed by one worker while another writes the parent document from an older read.
     */
    static List<List<TableContext>> groupsOf(List<TableContext> selected) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            index.put(selected.get(i).name(), i);
        }
        int[] root = new int[selected.size()];
        for (int i = 0; i < root.length; i++) {
            root[i] = i;
        }
        for (TableContext t : selected) {
            for (Relationship r : t.embeds()) {
                Integer a = index.get(r.parent());
                Integer b = index.get(r.source());
                if (a != null && b != null) {
                    root[find(root, a)] = find(root, b);
                }
            }
        }
        Map<Integer, List<TableContext>> groups = new LinkedHashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            groups.computeIfAbsent(find(root, i), k -> new ArrayList<>()).add(selected.get(i));
        }
        return new ArrayList<>(groups.values());
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

}
