package io.mysqlmongosync.sink.state;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mysqlmongosync.sink.DuplicateKey;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Panache access to {@code _sync_state}: reads the control document and replaces it only where it is still the
 * version that was read (compare-and-set), so concurrent writers never lose each other's changes.
 */
@ApplicationScoped
public class ControlStateRepository implements PanacheMongoRepositoryBase<ControlStateDocument, String> {

    /** The stored control document, or null. */
    public ControlStateDocument read() {
        return findById(ControlStateDocument.ID);
    }

    /**
     * Stores {@code next} at the version after {@code read}'s, only if the stored document is still {@code read}
     * (null: none stored). False when another writer came first.
     */
    public boolean replace(ControlStateDocument read, ControlStateDocument next) {
        next.id = ControlStateDocument.ID;
        next.updatedAt = new Date();
        next.version = ControlStateDocument.version(read) + 1;
        Document d = next.toDocument();
        MongoCollection<Document> documents = mongoCollection().withDocumentClass(Document.class);
        if (read == null) {
            try {
                documents.insertOne(d);
                return true;
            } catch (MongoWriteException | MongoCommandException e) {
                if (DuplicateKey.is(e)) {
                    return false; // another writer created it first
                }
                throw e;
            }
        }
        // A document written before versions existed has none: match exactly that.
        Bson sameVersion = read.version != null ? Filters.eq("version", read.version) : Filters.exists("version", false);
        return documents.replaceOne(Filters.and(Filters.eq("_id", ControlStateDocument.ID), sameVersion), d)
                .getMatchedCount() == 1;
    }
}
