package io.mysqlmongosync.sink;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.engine.port.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@link DeadLetters} of the target database: one document per table and key in {@value #COLLECTION}, with
 * {@code _id: {table, key}}, the reason and problem of the last rejection, the mode it was met in ({@code load},
 * {@code scan}, {@code stream}), the {@code _id} its document would have (when the row converted), the first and
 * last time and how often it was met. A repeat updates the entry, so a row rejected on every pass does not pile up.
 *
 * <p>Removing the entry of a row written later would cost a query per written page; instead the keys of each
 * table's entries are held here, read from the collection when first needed and again at most once a minute (a
 * replica that took a table over sees entries another replica recorded within that time), and a page only looks
 * for its keys among them when the table has any.
 */
@ApplicationScoped
public class DeadLetterStore implements DeadLetters {

    /** The collection name. */
    public static final String COLLECTION = "_sync_dead_letters";
    private static final long REREAD_MILLIS = 60_000;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final TargetDatabase target;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** The keys of one table's entries, as read at {@code readAt} and kept up to date by this replica since. */
    private record Known(Set<String> keys, long readAt) {
    }

    DeadLetterStore(TargetDatabase target) {
        this.target = target;
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }

    private static Document id(String table, String key) {
        return new Document("table", table).append("key", key);
    }

    @Override
    public void record(String table, String mode, List<Letter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        Date now = new Date();
        List<WriteModel<Document>> writes = new ArrayList<>(letters.size());
        for (Letter l : letters) {
            List<Bson> set = new ArrayList<>(List.of(Updates.set("table", table), Updates.set("key", l.key()),
                    Updates.set("reason", l.reason()), Updates.set("problem", l.problem()), Updates.set("mode", mode),
                    Updates.set("last_at", now), Updates.setOnInsert("first_at", now), Updates.inc("times", 1)));
            if (l.documentId() != null) {
                set.add(Updates.set("doc_id", l.documentId()));
            }
            writes.add(new UpdateOneModel<>(Filters.eq("_id", id(table, l.key())), Updates.combine(set), UPSERT));
        }
        collection().bulkWrite(writes);
        Set<String> keys = keys(table);
        letters.forEach(l -> keys.add(l.key()));
    }

    @Override
    public boolean any(String table) {
        return !keys(table).isEmpty();
    }

    @Override
    public long resolve(String table, Collection<String> written) {
        Set<String> keys = keys(table);
        List<Document> ids = new ArrayList<>();
        for (String k : written) {
            if (keys.contains(k)) {
                ids.add(id(table, k));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        long removed = collection().deleteMany(Filters.in("_id", ids)).getDeletedCount();
        ids.forEach(id -> keys.remove(id.getString("key")));
        return removed;
    }

    /** The keys of {@code table}'s entries, read from the collection when not read within the last minute. */
    private Set<String> keys(String table) {
        long now = System.currentTimeMillis();
        Known k = known.get(table);
        if (k == null || now - k.readAt() > REREAD_MILLIS) {
            Set<String> keys = ConcurrentHashMap.newKeySet();
            for (Document d : collection().find(Filters.eq("table", table)).projection(Projections.include("key"))) {
                keys.add(d.getString("key"));
            }
            k = new Known(keys, now);
            known.put(table, k);
        }
        return k.keys();
    }

    /** Entries, the most recently met first, optionally of one table. */
    public List<Document> page(String table, int offset, int limit) {
        Bson filter = table == null ? new Document() : Filters.eq("table", table);
        return collection().find(filter).sort(new Document("last_at", -1).append("_id", 1)).skip(offset).limit(limit)
                .into(new ArrayList<>());
    }

    /** How many entries there are, optionally of one table. */
    public long count(String table) {
        return table == null ? collection().countDocuments() : collection().countDocuments(Filters.eq("table", table));
    }
}
