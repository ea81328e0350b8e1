package io.mysqlmongosync.sink.state;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
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

    private static final String UNSTORED_FIELD = "_read_snapshot";

    /**
     * The stored control document, or null. Read through an exclusion projection of a field that never exists: on
     * MongoDB that changes nothing; the in-process test server answers a plain find with its live stored document and
     * encodes it after releasing its lock, so a read racing a replace could mix the old and new fields (a new version
     * with an old interval, whose compare-and-set then succeeds and loses the other write). A projected document is
     * copied under the lock.
     */
    public ControlStateDocument read() {
        return mongoCollection().find(Filters.eq("_id", ControlStateDocument.ID))
                .projection(Projections.exclude(UNSTORED_FIELD)).first();
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
