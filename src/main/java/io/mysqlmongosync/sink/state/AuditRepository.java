package io.mysqlmongosync.sink.state;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Panache access to {@code _sync_audit}: append, bound (TTL index and trim to a maximum) and read back. */
@ApplicationScoped
public class AuditRepository implements PanacheMongoRepositoryBase<AuditDocument, ObjectId> {

    /** Appends {@code entry} as given (its fields in the order built). */
    public void append(Document entry) {
        documents().insertOne(entry);
    }

    /** The index the newest-first reads use and the TTL index that expires entries after {@code retentionSeconds}. */
    public void ensureIndexes(long retentionSeconds) {
        documents().createIndex(Indexes.descending("at"), new IndexOptions().name("at_desc"));
        documents().createIndex(Indexes.ascending("at"), new IndexOptions().name("at_ttl")
                .expireAfter(retentionSeconds, TimeUnit.SECONDS));
    }

    /** Removes the oldest entries beyond {@code maxEntries}. */
    public void trim(int maxEntries) {
        long excess = count() - maxEntries;
        if (excess <= 0) {
            return;
        }
        AuditDocument oldestKept = findAll(Sort.ascending("at", "_id")).range((int) excess, (int) excess)
                .firstResult();
        if (oldestKept != null) {
            documents().deleteMany(Filters.lt("at", oldestKept.at));
        }
    }

    /** The newest {@code limit} entries, newest first, as stored. */
    public List<Document> newest(int limit) {
        return documents().find().sort(new Document("at", -1).append("_id", -1)).limit(limit).into(new ArrayList<>());
    }

    private MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }
}
