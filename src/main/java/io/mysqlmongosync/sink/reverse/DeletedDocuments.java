package io.mysqlmongosync.sink.reverse;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import io.mysqlmongosync.sink.DuplicateKey;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

/**
 * The MongoDB side of writing a deleted document back: whether a deleted document exists again (re-created by the
 * forward direction from a newer row, or re-inserted), and putting a document back when its row won a conflict.
 */
@ApplicationScoped
public class DeletedDocuments {

    private final TargetDatabase target;

    DeletedDocuments(TargetDatabase target) {
        this.target = target;
    }

    /** Whether {@code collection} holds a document with {@code id} now. */
    public boolean exists(String collection, Object id) {
        return target.collection(collection).find(Filters.eq("_id", id)).limit(1).first() != null;
    }

    /**
     * Puts {@code document} (the one its row gives now) back unless a document with its {@code _id} exists again:
     * that one is newer than the delete and is kept. Returns whether it was put back.
     */
    public boolean restore(String collection, Document document) {
        try {
            target.collection(collection).insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (DuplicateKey.is(e)) {
                return false;
            }
            throw e;
        }
    }
}
