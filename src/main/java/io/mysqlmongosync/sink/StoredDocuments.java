package io.mysqlmongosync.sink;

import com.mongodb.client.model.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/** Looks up stored documents by id, for answers that show documents next to their rows. */
@ApplicationScoped
public class StoredDocuments {

    private final TargetDatabase target;

    StoredDocuments(TargetDatabase target) {
        this.target = target;
    }

    /** The documents of {@code collection} with one of {@code ids}, by id (ids not stored are absent). */
    public Map<Object, Document> byIds(String collection, Collection<Object> ids) {
        Map<Object, Document> stored = new HashMap<>();
        if (ids.isEmpty()) {
            return stored;
        }
        for (Document d : target.collection(collection).find(Filters.in("_id", ids))) {
            stored.put(d.get("_id"), d);
        }
        return stored;
    }
}
