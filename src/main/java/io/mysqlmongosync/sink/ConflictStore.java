package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Conflict;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Records conflicts in {@code _sync_conflicts}, with both versions and both documents, and pages through them. */
@ApplicationScoped
public class ConflictStore {

    /** The collection name. */
    public static final String COLLECTION = "_sync_conflicts";

    private final TargetDatabase target;

    ConflictStore(TargetDatabase target) {
        this.target = target;
    }

    /** Records {@code conflicts} of {@code table} resolved under {@code policy}. */
    public void record(String table, String collection, String policy, List<Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        Date now = new Date();
        List<Document> docs = new ArrayList<>(conflicts.size());
        for (Conflict c : conflicts) {
            docs.add(new Document("table", table).append("collection", collection).append("doc_id", c.id())
                    .append("source_version", c.sourceVersion())
                    .append("target_version", c.targetVersion() == Long.MIN_VALUE ? null : c.targetVersion())
                    .append("winner", c.winner()).append("policy", policy)
                    .append("source_document", c.sourceDocument()).append("target_document", c.targetDocument())
                    .append("detected_at", now));
        }
        collection().insertMany(docs);
    }

    /** Conflicts newest first, optionally of one table. */
    public List<Document> page(String table, int offset, int limit) {
        return collection().find(filter(table)).sort(Sorts.descending("detected_at", "_id")).skip(offset).limit(limit)
                .into(new ArrayList<>());
    }

    /** How many conflicts are recorded, optionally of one table. */
    public long count(String table) {
        return collection().countDocuments(filter(table));
    }

    private static Bson filter(String table) {
        return table == null ? new Document() : Filters.eq("table", table);
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }
}
