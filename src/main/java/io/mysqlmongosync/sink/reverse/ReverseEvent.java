package io.mysqlmongosync.sink.reverse;

import org.bson.BsonDocument;
import org.bson.Document;

/**
 * One change of a reverse collection read from its MongoDB change stream, reduced to what the write-back needs.
 *
 * @param kind what happened to the document
 * @param id the document's {@code _id} (the row's key)
 * @param document for {@link Kind#UPSERT}: the whole document as it is now (looked up by the server)
 * @param before for {@link Kind#DELETE}: the document before the delete when the server keeps pre-images
 *     ({@code fullDocumentBeforeChange}), else null
 * @param atMillis when the change was made (the event's wall time, else its cluster time truncated to the second)
 * @param token the resume token after this event
 */
public record ReverseEvent(Kind kind, Object id, Document document, Document before, long atMillis,
        BsonDocument token) {

    /** What a change did to its document. */
    public enum Kind {
        /** Inserted, updated or replaced: {@code document} is its current content. */
        UPSERT,
        /** Deleted: only its key (and its pre-image, when the server keeps one) is known. */
        DELETE
    }
}
