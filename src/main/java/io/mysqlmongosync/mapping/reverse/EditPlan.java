package io.mysqlmongosync.mapping.reverse;

import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;

/**
 * What one edited document asks of its row: the fields that differ from the document the row gives now, each
 * turned into its column's SQL value. An edit is all or nothing: one refused field (not a plain column, or a value
 * that cannot be stored exactly) refuses the whole edit, and the row is left alone.
 *
 * @param sets column → SQL value, in document order (empty: nothing to write back)
 * @param fields the document fields that changed (for the audit line; names only, never values)
 * @param refusal why the edit is refused (names the field), or null
 */
public record EditPlan(Map<String, SqlValue> sets, List<String> fields, String refusal) {

    /** Whether the edit is refused. */
    public boolean refused() {
        return refusal != null;
    }

    /**
     * Compares {@code edited} (the data fields of the document in MongoDB) with {@code current} (the data fields
     * the row gives now) and plans the write-back.
     */
    public static EditPlan of(Document edited, Document current, ReverseFields fields, TypeOptions options) {
        Set<String> names = new LinkedHashSet<>(edited.keySet());
        names.addAll(current.keySet());
        names.remove("_validation");
        Map<ColumnInfo, List<String>> byColumn = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (Objects.equals(edited.get(name), current.get(name))) {
                continue;
            }
            ReverseFields.Target t = fields.of(name);
            if (t.kind() == ReverseFields.Kind.VERSION) {
                continue;
            }
            if (t.kind() == ReverseFields.Kind.REFUSED) {
                return refused("field " + name + ": " + t.reason() + " cannot be written back");
            }
            if (!edited.containsKey(name) && !options.omitNulls()) {
                return refused("field " + name + " was removed; set it to null to write NULL");
            }
            changed.add(name);
            byColumn.computeIfAbsent(t.column(), c -> new ArrayList<>()).add(name);
        }
        Map<String, SqlValue> sets = new LinkedHashMap<>();
        for (Map.Entry<ColumnInfo, List<String>> e : byColumn.entrySet()) {
            ColumnInfo column = e.getKey();
            try {
                sets.put(column.name(), value(column, e.getValue(), edited, fields, options));
            } catch (RefusedValue r) {
                return refused("field " + String.join("/", e.getValue()) + ": " + r.getMessage());
            }
        }
        return new EditPlan(sets, changed, null);
    }

    private static SqlValue value(ColumnInfo column, List<String> changedFields, Document edited, ReverseFields fields,
            TypeOptions options) throws RefusedValue {
        if (column.kind() != ColumnKind.DATETIME) {
            return ColumnValues.toSql(column, edited.get(changedFields.get(0)), options);
        }
        String dateField = null;
        String microsField = null;
        for (String f : edited.keySet()) {
            ReverseFields.Target t = fields.of(f);
            if (column.equals(t.column())) {
                if (t.kind() == ReverseFields.Kind.COLUMN) {
                    dateField = f;
                } else if (t.kind() == ReverseFields.Kind.MICROS) {
                    microsField = f;
                }
            }
        }
        boolean dateChanged = dateField != null && changedFields.contains(dateField);
        return ColumnValues.dateTime(column, dateField == null ? null : edited.get(dateField),
                microsField == null ? null : edited.get(microsField), dateChanged, options);
    }

    private static EditPlan refused(String why) {
        return new EditPlan(Map.of(), List.of(), why);
    }
}
