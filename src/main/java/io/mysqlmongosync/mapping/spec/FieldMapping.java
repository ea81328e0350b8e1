package io.mysqlmongosync.mapping.spec;

import java.util.List;
import java.util.Map;

/**
 * How the columns of one table become the fields of a document (a collection's own rows, or the rows of an
 * embedded table). Applied in this order: computed fields are evaluated on the converted source columns, then
 * {@code drop} removes columns and {@code rename} renames them (both by source column name), the computed fields
 * are added, then {@code types} and the validation {@code rules} apply to the resulting document (by document
 * field name).
 *
 * @param rename source column → document field
 * @param drop source columns left out of the document
 * @param computed document field → expression over source columns
 * @param types document field → forced BSON type
 * @param rules validation rules on document fields
 * @param noteInvalid write an invalid row with a {@code _validation} note instead of skipping it
 * @param lines where each entry was written: {@code rename.<column>}, {@code drop.<column>},
 *     {@code computed.<field>}, {@code types.<field>}, {@code validate.<field>} → line
 */
public record FieldMapping(Map<String, String> rename, List<String> drop, Map<String, Expression> computed,
        Map<String, TypeOverride> types, List<FieldRule> rules, boolean noteInvalid, Map<String, Integer> lines) {

    /** No changes, no rules. */
    public static final FieldMapping IDENTITY = new FieldMapping(Map.of(), List.of(), Map.of(), Map.of(), List.of(),
            false, Map.of());

    /** The line of {@code entry}, else {@code fallback}. */
    public int line(String entry, int fallback) {
        return lines.getOrDefault(entry, fallback);
    }
}
