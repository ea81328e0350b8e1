package io.mysqlmongosync.sink;

import jakarta.enterprise.context.ApplicationScoped;

/** How many documents the target collections hold, from collection metadata (no scan), for status answers. */
@ApplicationScoped
public class DocumentCounts {

    private final TargetDatabase target;

    DocumentCounts(TargetDatabase target) {
        this.target = target;
    }

    /** The estimated number of documents in {@code collection} (0 when it does not exist). */
    public long estimated(String collection) {
        return target.collection(collection).estimatedDocumentCount();
    }
}
