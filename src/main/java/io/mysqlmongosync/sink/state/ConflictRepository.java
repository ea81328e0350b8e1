package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Panache access to {@code _sync_conflicts}. Entries are inserted as plain documents so that a missing target
 * version is stored as an explicit null, as the API has always shown it.
 */
@ApplicationScoped
public class ConflictRepository implements PanacheMongoRepositoryBase<ConflictDocument, ObjectId> {

    /** Inserts {@code entries} in one call. */
    public void insert(List<Document> entries) {
        mongoCollection().withDocumentClass(Document.class).insertMany(entries);
    }

    /** Conflicts newest first, optionally of one table, as stored. */
    public List<Document> page(String table, int offset, int limit) {
        Document filter = table == null ? new Document() : new Document("table", table);
        return mongoCollection().withDocumentClass(Document.class).find(filter)
                .sort(new Document("detected_at", -1).append("_id", -1)).skip(offset).limit(limit)
                .into(new ArrayList<>());
    }

    /** How many conflicts are recorded, optionally of one table. */
    public long countOf(String table) {
        return table == null ? count() : count("table", table);
    }
}
