package io.mysqlmongosync.mapping.strategy;

import java.util.List;
import org.bson.Document;

/**
 * What one entity's sync needs beyond the generic type conversion: validation, transformation and the
 * collection name. One {@code @ApplicationScoped @Named("<table>")} bean per entity; tables without one use
 * {@link GenericStrategy}.
 */
public interface SyncStrategy {

    /** Problems that make the row unfit for MongoDB; empty when the row is valid. */
    List<String> validate(Document row);

    /** The document to store (may be {@code row} itself, changed in place). */
    default Document transform(Document row) {
        return row;
    }

    /** The collection used when no SYNC_&lt;TABLE&gt;_COLLECTION is configured. */
    default String defaultCollection(String table) {
        return table;
    }
}
