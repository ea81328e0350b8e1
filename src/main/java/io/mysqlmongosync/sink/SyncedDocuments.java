package io.mysqlmongosync.sink;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads and removes synced documents by {@code _id}: the walks of reconciliation and verification (one chunk of ids
 * at a time, in {@code _id} order) and the lookups and deletes they lead to.
 */
@ApplicationScoped
public class SyncedDocuments {

    private final TargetDatabase target;

    SyncedDocuments(TargetDatabase target) {
        this.target = target;
    }

    /** Receives one chunk of ids. */
    @FunctionalInterface
    public interface IdChunks<E extends Exception> {
        /** Handles one chunk. */
        void accept(List<Object> ids) throws E;
    }

    /**
     * Walks the {@code _id}s of {@code collection} in {@code _id} order, {@code chunkSize} at a time: only the
     * documents the sync wrote for {@code syncTable} ({@code _sync.table}), or every document when it is null.
     */
    public <E extends Exception> void forEachIdChunk(String collection, String syncTable, int chunkSize,
            IdChunks<E> chunks) throws E {
        MongoCollection<Document> coll = target.collection(collection);
        Bson filter = syncTable == null ? new Document() : Filters.eq("_sync.table", syncTable);
        Object last = null;
        while (true) {
            Bson page = last == null ? filter : Filters.and(filter, Filters.gt("_id", last));
            List<Object> ids = new ArrayList<>(chunkSize);
            for (Document d : coll.find(page).projection(Projections.include("_id")).sort(Sorts.ascending("_id"))
                    .limit(chunkSize)) {
                ids.add(d.get("_id"));
            }
            if (ids.isEmpty()) {
                return;
            }
            chunks.accept(ids);
            last = ids.get(ids.size() - 1);
        }
    }

    /**
     * Up to {@code limit} {@code _id}s of the documents of {@code collection} that the sync wrote for
     * {@code syncTable} ({@code _sync.table}) after {@code after} (from the first when null), in {@code _id} order:
     * one chunk of a walk that resumes where an earlier one stopped (a scheduled repair).
     */
    public List<Object> idsAfter(String collection, String syncTable, Object after, int limit) {
        Bson ours = Filters.eq("_sync.table", syncTable);
        Bson page = after == null ? ours : Filters.and(ours, Filters.gt("_id", after));
        List<Object> ids = new ArrayList<>(limit);
        for (Document d : target.collection(collection).find(page).projection(Projections.include("_id"))
                .sort(Sorts.ascending("_id")).limit(limit)) {
            ids.add(d.get("_id"));
        }
        return ids;
    }

    /** The stored documents among {@code ids}, by {@code _id}. */
    public Map<Object, Document> byIds(String collection, Collection<Object> ids) {
        Map<Object, Document> stored = new HashMap<>();
        for (Document d : target.collection(collection).find(Filters.in("_id", ids))) {
            stored.put(d.get("_id"), d);
        }
        return stored;
    }

    /** Deletes the documents {@code ids}; returns how many were deleted. */
    public long delete(String collection, Collection<Object> ids) {
        return target.collection(collection).deleteMany(Filters.in("_id", ids)).getDeletedCount();
    }

    /** The data fields of a stored document: without {@code _id}, {@code _sync} and {@code _deleted}. */
    public static Document dataOf(Document stored) {
        Document data = new Document();
        stored.forEach((k, v) -> {
            if (!k.equals("_id") && !k.equals("_sync") && !k.equals("_deleted")) {
                data.put(k, v);
            }
        });
        return data;
    }
}
