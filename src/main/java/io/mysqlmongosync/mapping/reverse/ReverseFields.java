package io.mysqlmongosync.mapping.reverse;

import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.schema.TableSchema;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which document fields of a table can be written back, and to which column: only a field that is exactly one
 * column (renamed or not) goes back. A computed field, a field with a type override, an embedded copy, a protected
 * (hashed, encrypted, masked) column, a key column, a dropped column or a field the mapping does not produce is
 * refused with the reason. The change column's field (and its {@code _micros} sibling) is the row version, set by
 * MySQL on every write-back, so a change to it alone writes nothing.
 */
public final class ReverseFields {

    /** What a document field is to the reverse direction. */
    public enum Kind {
        /** A column's value: written back. */
        COLUMN,
        /** The µs sibling of a DATETIME column's field: written back with that column. */
        MICROS,
        /** The change column (row version): set by MySQL, never written from the document. */
        VERSION,
        /** Cannot be written back: {@link Target#reason} says why. */
        REFUSED
    }

    /** Where a field goes: its kind, its column (COLUMN, MICROS, VERSION) or why it is refused. */
    public record Target(Kind kind, ColumnInfo column, String reason) {
    }

    private final Map<String, Target> fields = new HashMap<>();
    private final java.util.Set<String> microsFields = new java.util.HashSet<>();

    /**
     * The fields of {@code schema}'s documents under {@code mapper}; {@code protectedColumns} are the columns
     * protected by SYNC_PROTECT_*, {@code embeddedFields} the fields holding embedded copies of other tables.
     */
    public ReverseFields(TableSchema schema, DocumentMapper mapper, TypeOptions options,
            Collection<String> protectedColumns, Collection<String> embeddedFields) {
        String change = schema.changeColumn().map(ColumnInfo::name).orElse(null);
        for (ColumnInfo c : schema.columns()) {
            String field = mapper.fieldOf(c.name());
            boolean micros = c.kind() == ColumnKind.DATETIME && options.keepMicros() && c.fsp() > 3;
            String microsField = micros ? mapper.fieldOf(c.name() + options.microsSuffix()) : null;
            Target target = target(c, field, change, protectedColumns, mapper, schema);
            if (field != null) {
                fields.put(field, target);
            }
            if (microsField != null) {
                microsFields.add(microsField);
                fields.put(microsField, target.kind() == Kind.COLUMN ? new Target(Kind.MICROS, c, null) : target);
            }
        }
        mapper.mapping().computed().forEach((field, expr) -> fields.put(field,
                new Target(Kind.REFUSED, null, "computed field (" + expr.source() + ")")));
        for (String field : embeddedFields) {
            fields.put(field, new Target(Kind.REFUSED, null, "embedded copy of another table"));
        }
    }

    private static Target target(ColumnInfo c, String field, String change, Collection<String> protectedColumns,
            DocumentMapper mapper, TableSchema schema) {
        if (c.name().equals(change)) {
            return new Target(Kind.VERSION, c, null);
        }
        if (protectedColumns.contains(c.name())) {
            return new Target(Kind.REFUSED, c, "protected column " + c.name() + " (its stored value is not the row's)");
        }
        if (schema.primaryKey().stream().anyMatch(k -> k.name().equals(c.name()))) {
            return new Target(Kind.REFUSED, c, "key column " + c.name() + " (the document _id decides the row)");
        }
        if (field != null && mapper.mapping().types().containsKey(field)) {
            return new Target(Kind.REFUSED, c, "type override on " + field + " (the stored type is not the column's)");
        }
        return new Target(Kind.COLUMN, c, null);
    }

    /** The document field of {@code column} (its value, not its µs sibling), or the column's name when none. */
    public String fieldOf(String column) {
        return fields.entrySet().stream().filter(e -> !microsFields.contains(e.getKey())
                && e.getValue().column() != null && e.getValue().column().name().equals(column))
                .map(Map.Entry::getKey).findFirst().orElse(column);
    }

    /** Whether {@code field} is the µs sibling of a DATETIME column's field (its column is {@link #of}'s). */
    public boolean micros(String field) {
        return microsFields.contains(field);
    }

    /** Where {@code field} goes; a field the mapping does not produce is refused. */
    public Target of(String field) {
        return Optional.ofNullable(fields.get(field)).orElse(new Target(Kind.REFUSED, null,
                "not mapped to a column (dropped, or not produced by the sync)"));
    }
}
