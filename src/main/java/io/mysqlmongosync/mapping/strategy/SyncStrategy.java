package io.mysqlmongosync.mapping.strategy;

import io.mysqlmongosync.mapping.spec.DocumentMapper;
import org.bson.Document;

/**
 * What one entity's sync needs beyond the generic type conversion. The data-driven part (renames, computed
 * fields, type overrides, validation rules, embedding) comes from the mapping file — the built-in default
 * {@code mapping/default-mapping.yaml} holds the entity rules (products need a name and a non-negative price, ...).
 * A strategy bean is the extension point for logic that does not fit the file: override {@link #map} and call the
 * mapper first. One {@code @ApplicationScoped @Named("<table>")} bean per entity; tables without one use
 * {@link GenericStrategy}.
 */
public interface SyncStrategy {

    /**
     * Turns a converted row (source column names) into its document and the rules it breaks; by default exactly
     * what the table's mapping says.
     */
    default DocumentMapper.Mapped map(Document row, DocumentMapper mapping) {
        return mapping.map(row);
    }

    /** The collection used when neither SYNC_&lt;TABLE&gt;_COLLECTION nor the mapping file names one. */
    default String defaultCollection(String table) {
        return table;
    }
}
