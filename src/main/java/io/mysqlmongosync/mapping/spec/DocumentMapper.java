package io.mysqlmongosync.mapping.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Applies one {@link FieldMapping} to converted rows: computed fields from the source columns, drops, renames,
 * type overrides, then the validation rules on the result. Stateless and thread-safe.
 */
public final class DocumentMapper {

    /** The mapper that changes nothing and checks nothing. */
    public static final DocumentMapper IDENTITY = new DocumentMapper(FieldMapping.IDENTITY);

    private final FieldMapping mapping;
    private final Set<String> drop;
    private final boolean identity;

    /** A mapper for {@code mapping}. */
    public DocumentMapper(FieldMapping mapping) {
        this.mapping = mapping;
        this.drop = new HashSet<>(mapping.drop());
        this.identity = mapping.rename().isEmpty() && drop.isEmpty() && mapping.computed().isEmpty()
                && mapping.types().isEmpty();
    }

    /** The mapping this mapper applies. */
    public FieldMapping mapping() {
        return mapping;
    }

    /** Whether a row's document is the row itself: no renames, dropped or computed fields, type overrides. */
    public boolean identity() {
        return identity;
    }

    /** Whether invalid rows are written with a {@code _validation} note instead of being skipped. */
    public boolean noteInvalid() {
        return mapping.noteInvalid();
    }

    /** The document field of source column {@code column}, or null when the column is dropped. */
    public String fieldOf(String column) {
        return drop.contains(column) ? null : mapping.rename().getOrDefault(column, column);
    }

    /** A converted row turned into its document, with the rules it breaks (empty when valid). */
    public record Mapped(Document document, List<Violation> violations) {
    }

    /** Maps {@code row} (converted source columns); {@code row} itself is not changed unless nothing is mapped. */
    public Mapped map(Document row) {
        List<Violation> violations = new ArrayList<>(0);
        Document out;
        if (identity) {
            out = row;
        } else {
            Map<String, Object> computed = new java.util.LinkedHashMap<>();
            mapping.computed().forEach((field, expr) -> {
                try {
                    computed.put(field, expr.evaluate(row));
                } catch (RuntimeException e) {
                    violations.add(new Violation(field + ".computed", "computed field " + field + " (" + expr.source()
                            + "): " + e.getMessage()));
                }
            });
            out = new Document();
            for (Map.Entry<String, Object> e : row.entrySet()) {
                String field = fieldOf(e.getKey());
                if (field != null) {
                    out.put(field, e.getValue());
                }
            }
            out.putAll(computed);
            mapping.types().forEach((field, type) -> {
                if (out.containsKey(field)) {
                    try {
                        out.put(field, type.convert(out.get(field)));
                    } catch (RuntimeException e) {
                        violations.add(new Violation(field + ".type", field + " as " + type.name().toLowerCase(
                                java.util.Locale.ROOT) + ": " + e.getMessage()));
                    }
                }
            });
        }
        for (FieldRule rule : mapping.rules()) {
            String problem = rule.check(out);
            if (problem != null) {
                violations.add(new Violation(rule.id(), problem));
            }
        }
        return new Mapped(out, violations);
    }
}
