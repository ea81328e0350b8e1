package io.mysqlmongosync.mapping.spec;

import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a {@link MappingSpec} against the discovered tables and turns it into what the engine runs: one
 * {@link DocumentMapper} per table and the {@link Relationship}s between tables. Every problem (unknown table or
 * column, a renamed field colliding with another, an embed cycle) names the file and line. The built-in default is
 * lenient instead: rules on columns a table does not have are left out.
 */
public final class MappingResolver {

    private final MappingSpec spec;
    private final Function<String, Optional<TableSchema>> schemas;
    private final Set<String> synced;
    private final List<String> notes = new ArrayList<>();

    private MappingResolver(MappingSpec spec, Function<String, Optional<TableSchema>> schemas, Set<String> synced) {
        this.spec = spec;
        this.schemas = schemas;
        this.synced = synced;
    }

    /**
     * The mapping as the engine uses it.
     *
     * @param mappers per table: how its rows become documents (tables the mapping does not name map unchanged)
     * @param collections per table: the collection the mapping names for it
     * @param relationships the embeddings, parents before children in file order
     * @param notes things worth a log line (e.g. a collection whose table is not in SYNC_TABLES)
     */
    public record Resolved(Map<String, DocumentMapper> mappers, Map<String, String> collections,
            List<Relationship> relationships, List<String> notes) {

        /** The mapper of {@code table}. */
        public DocumentMapper mapper(String table) {
            return mappers.getOrDefault(table, DocumentMapper.IDENTITY);
        }

        /** The tables read only to be embedded elsewhere (not synced to a collection of their own). */
        public Set<String> embeddedTables() {
            Set<String> out = new LinkedHashSet<>();
            relationships.forEach(r -> out.add(r.source()));
            return out;
        }
    }

    /**
     * Resolves {@code spec} for the synced tables {@code synced}; {@code schemas} discovers any table by name
     * (empty when it does not exist).
     *
     * @throws MappingException naming the file, line and problem
     */
    public static Resolved resolve(MappingSpec spec, Set<String> synced, Function<String, Optional<TableSchema>> schemas) {
        return new MappingResolver(spec, schemas, synced).resolve();
    }

    private Resolved resolve() {
        Map<String, DocumentMapper> mappers = new LinkedHashMap<>();
        Map<String, String> collections = new LinkedHashMap<>();
        List<Relationship> relationships = new ArrayList<>();
        for (CollectionSpec c : spec.collections()) {
            String where = "collection '" + c.collection() + "'";
            if (!synced.contains(c.table())) {
                if (!spec.builtIn()) {
                    notes.add(spec.file() + ":" + c.line() + ": " + where + " is ignored: table " + c.table()
                            + " is not in SYNC_TABLES");
                }
                continue;
            }
            TableSchema table = schemas.apply(c.table()).orElseThrow(() -> new MappingException(spec.file(), c.line(),
                    where + ": table '" + c.table() + "' does not exist in the database"));
            Checked checked = check(c.fields(), table, where, c.line());
            DocumentMapper mapper = new DocumentMapper(checked.mapping());
            mappers.put(c.table(), mapper);
            collections.put(c.table(), c.collection());
            Set<String> taken = new LinkedHashSet<>(checked.fields());
            for (EmbedSpec e : c.embeds()) {
                String ew = where + ": embed '" + e.table() + "'";
                if (taken.contains(e.as())) {
                    throw new MappingException(spec.file(), e.line(), ew + ": field '" + e.as()
                            + "' is already a field of the document (rename or drop that column, or choose another 'as')");
                }
                taken.add(e.as());
                TableSchema other = schemas.apply(e.table()).orElseThrow(() -> new MappingException(spec.file(),
                        e.line(), ew + ": table '" + e.table() + "' does not exist in the database"));
                relationships.add(e.kind() == EmbedSpec.Kind.MANY ? many(c, table, e, other, ew)
                        : one(c, table, mapper, e, other, ew));
            }
        }
        checkCycles(relationships);
        return new Resolved(Map.copyOf(mappers), Map.copyOf(collections), List.copyOf(relationships), List.copyOf(notes));
    }

    private Relationship many(CollectionSpec parent, TableSchema table, EmbedSpec e, TableSchema child, String where) {
        if (table.primaryKey().size() != 1) {
            throw new MappingException(spec.file(), e.line(), where + ": type many needs a single-column primary key in "
                    + table.name() + " (it has " + table.primaryKey().stream().map(ColumnInfo::name).toList() + ")");
        }
        if (child.column(e.foreignKey()).isEmpty()) {
            throw new MappingException(spec.file(), e.line(), where + ": foreign_key: column '" + e.foreignKey()
                    + "' does not exist in table " + child.name() + columnsOf(child));
        }
        if (!child.hasIndexLeadingWith(e.foreignKey())) {
            notes.add(spec.file() + ":" + e.line() + ": " + where + ": table " + child.name() + " has no index leading "
                    + "with " + e.foreignKey() + ", so every page of " + table.name() + " scans it. Add: CREATE INDEX idx_"
                    + child.name() + "_" + e.foreignKey() + " ON " + child.name() + " (" + e.foreignKey() + ")");
        }
        FieldMapping fields = check(e.mapping(), child, where, e.line()).mapping();
        return new Relationship(EmbedSpec.Kind.MANY, parent.table(), e.table(), e.as(), table.primaryKey().get(0).name(),
                e.foreignKey(), null, null, List.of(), new DocumentMapper(fields), e.line());
    }

    private Relationship one(CollectionSpec parent, TableSchema table, DocumentMapper parentMapper, EmbedSpec e,
            TableSchema other, String where) {
        if (table.column(e.localKey()).isEmpty()) {
            throw new MappingException(spec.file(), e.line(), where + ": local_key: column '" + e.localKey()
                    + "' does not exist in table " + table.name() + columnsOf(table));
        }
        String localField = parentMapper.fieldOf(e.localKey());
        if (localField == null) {
            throw new MappingException(spec.file(), e.line(), where + ": local_key column '" + e.localKey()
                    + "' is dropped; the copies could not be refreshed when " + other.name() + " changes");
        }
        if (other.primaryKey().size() != 1) {
            throw new MappingException(spec.file(), e.line(), where + ": type one needs a single-column primary key in "
                    + other.name());
        }
        for (String f : e.fields()) {
            if (other.column(f).isEmpty()) {
                throw new MappingException(spec.file(), e.line(), where + ": fields: column '" + f
                        + "' does not exist in table " + other.name() + columnsOf(other));
            }
        }
        List<String> fields = e.fields().isEmpty() ? other.columns().stream().map(ColumnInfo::name).toList() : e.fields();
        return new Relationship(EmbedSpec.Kind.ONE, parent.table(), e.table(), e.as(), other.primaryKey().get(0).name(),
                null, e.localKey(), localField, fields, DocumentMapper.IDENTITY, e.line());
    }

    /** Checks the column and field names of {@code m} against {@code table}; the built-in default drops misses. */
    /** A mapping checked against its table, and the fields of the documents it makes. */
    private record Checked(FieldMapping mapping, Set<String> fields) {
    }

    private Checked check(FieldMapping m, TableSchema table, String where, int line) {
        Map<String, String> rename = new LinkedHashMap<>();
        m.rename().forEach((from, to) -> {
            if (exists(table, from, where + ": rename", m.line("rename." + from, line))) {
                rename.put(from, to);
            }
        });
        List<String> drop = new ArrayList<>();
        for (String col : m.drop()) {
            if (exists(table, col, where + ": drop", m.line("drop." + col, line))) {
                drop.add(col);
            }
        }
        Map<String, Expression> computed = new LinkedHashMap<>();
        m.computed().forEach((field, expr) -> {
            boolean ok = true;
            for (String col : expr.columns()) {
                ok &= exists(table, col, where + ": computed field '" + field + "'", m.line("computed." + field, line));
            }
            if (ok) {
                computed.put(field, expr);
            }
        });
        // The document's fields: kept columns under their (new) names, then the computed fields.
        Map<String, String> owner = new LinkedHashMap<>();
        for (ColumnInfo c : table.columns()) {
            if (drop.contains(c.name())) {
                continue;
            }
            String f = rename.getOrDefault(c.name(), c.name());
            String before = owner.put(f, "column " + c.name());
            if (before != null) {
                throw new MappingException(spec.file(), m.line("rename." + c.name(), line), where + ": field '" + f
                        + "' would hold both " + before + " and column " + c.name());
            }
        }
        for (String f : computed.keySet()) {
            String before = owner.put(f, "computed field " + f);
            if (before != null) {
                throw new MappingException(spec.file(), m.line("computed." + f, line), where + ": computed field '" + f
                        + "' has the name of " + before + " (drop or rename that column first)");
            }
        }
        Map<String, TypeOverride> types = new LinkedHashMap<>();
        m.types().forEach((field, type) -> {
            if (field(owner, table, field, where + ": types", m.line("types." + field, line))) {
                types.put(field, type);
            }
        });
        List<FieldRule> rules = new ArrayList<>();
        for (FieldRule r : m.rules()) {
            if (field(owner, table, r.field(), where + ": validate", r.line() > 0 ? r.line() : line)) {
                rules.add(r);
            }
        }
        return new Checked(new FieldMapping(Map.copyOf(rename), List.copyOf(drop),
                java.util.Collections.unmodifiableMap(computed), java.util.Collections.unmodifiableMap(types),
                List.copyOf(rules), m.noteInvalid(), m.lines()), owner.keySet());
    }

    private boolean exists(TableSchema table, String column, String where, int line) {
        if (table.column(column).isPresent()) {
            return true;
        }
        if (spec.builtIn()) {
            return false;
        }
        throw new MappingException(spec.file(), line, where + ": column '" + column + "' does not exist in table "
                + table.name() + columnsOf(table));
    }

    private boolean field(Map<String, String> fields, TableSchema table, String field, String where, int line) {
        if (fields.containsKey(field)) {
            return true;
        }
        if (spec.builtIn()) {
            return false;
        }
        throw new MappingException(spec.file(), line, where + ": '" + field + "' is not a field of the " + table.name()
                + " document (fields: " + String.join(", ", new java.util.TreeSet<>(fields.keySet())) + ")");
    }

    private static String columnsOf(TableSchema t) {
        return " (columns: " + String.join(", ", t.columns().stream().map(ColumnInfo::name).toList()) + ")";
    }

    /** Refuses relationships that lead back to where they started (orders → order_items → orders). */
    private void checkCycles(List<Relationship> relationships) {
        Map<String, List<Relationship>> out = new HashMap<>();
        relationships.forEach(r -> out.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r));
        for (Relationship start : relationships) {
            List<String> path = new ArrayList<>(List.of(start.parent()));
            if (reaches(start, start.parent(), out, path, new LinkedHashSet<>())) {
                throw new MappingException(spec.file(), start.line(), "embed cycle: " + String.join(" → ", path)
                        + " (a table cannot end up inside its own documents)");
            }
        }
    }

    private static boolean reaches(Relationship r, String target, Map<String, List<Relationship>> out, List<String> path,
            Set<String> seen) {
        path.add(r.source());
        if (r.source().equals(target)) {
            return true;
        }
        if (seen.add(r.source())) {
            for (Relationship next : out.getOrDefault(r.source(), List.of())) {
                if (reaches(next, target, out, path, seen)) {
                    return true;
                }
            }
        }
        path.remove(path.size() - 1);
        return false;
    }
}
