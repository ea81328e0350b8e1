package io.mysqlmongosync.engine.port;

import io.mysqlmongosync.mapping.SourceRow;
import java.util.List;
import org.bson.Document;

/**
 * The only I/O a {@link DocumentBuilder} does: reading the related rows whose copies a table's documents hold
 * (the mapping file's {@code embed} relationships) and putting them into the documents.
 */
@FunctionalInterface
public interface EmbeddedLookup {

    /** No relationships: leaves the documents as they are. */
    EmbeddedLookup NONE = (rows, documents) -> { };

    /** Adds the embedded copies to {@code documents}, the mapped documents of {@code rows} (same order). */
    void fill(List<SourceRow> rows, List<Document> documents) throws Exception;
}
