package io.mysqlmongosync.engine.port;

import org.bson.Document;

/**
 * A document whose MongoDB side changed after the sync wrote it, or that holds a newer version than the
 * source row.
 *
 * @param id the document {@code _id}
 * @param sourceVersion the source row's change time, µs since the epoch
 * @param targetVersion the target's change time (edit time, or stored version), µs since the epoch
 * @param winner {@code source} (the document was replaced) or {@code target} (it was kept)
 * @param sourceDocument the document the source row became
 * @param targetDocument the document as it was in MongoDB
 */
public record Conflict(Object id, long sourceVersion, long targetVersion, String winner, Document sourceDocument,
        Document targetDocument) {
}
