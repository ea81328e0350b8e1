package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.WriteFence;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Writes embedded copies into the documents that hold them (mapping file {@code embed:}): the arrays of children
 * of parent documents (type many) and the copy of a referenced row in every document that references it (type one).
 * Only documents whose copy differs are written, in one unordered bulk write per call.
 */
@ApplicationScoped
public class EmbeddedCopies {

    private static final Logger LOG = Logger.getLogger(EmbeddedCopies.class);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final TargetDatabase target;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    EmbeddedCopies(TargetDatabase target) {
        this.target = target;
    }

    /** The copy of one referenced row: {@code copy} (null when the row is soft-deleted) for the key {@code key}. */
    public record Copy(Object key, Document copy) {
    }

    /**
     * Sets field {@code as} of the documents {@code parentIds} of {@code collection} to {@code childrenOf} their
     * {@code _id}, where it differs, re-computing their content hash. Returns how many documents changed.
     */
    public long replaceArrays(String collection, Collection<Object> parentIds, String as,
            Function<Object, List<Document>> childrenOf, WriteFence fence) {
        MongoCollection<Document> coll = target.collection(collection);
        List<WriteModel<Document>> writes = new ArrayList<>();
        Date now = new Date();
        for (Document stored : coll.find(Filters.in("_id", new ArrayList<>(parentIds)))) {
            List<Document> items = childrenOf.apply(stored.get("_id"));
            if (stored.containsKey(as) && Objects.equals(stored.get(as), items)) {
                continue;
            }
            stored.put(as, items);
            String hash = ContentHash.of(SyncedDocuments.dataOf(stored));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", stored.get("_id")), Updates.combine(
                    Updates.set(as, items), Updates.set("_sync.hash", hash), Updates.set("_sync.synced_at", now))));
        }
        if (!writes.isEmpty()) {
            fence.check();
            coll.bulkWrite(writes, UNORDERED);
        }
        return writes.size();
    }

    /**
     * Sets field {@code as} to each copy in the documents of {@code collection} whose {@code localField} holds its
     * key. Documents that already hold the copy are left alone; the others get it and lose their stale hash (the
     * next write of the parent row re-computes it; verification hashes stored values anyway). Returns how many
     * documents changed.
     */
    public long fanOut(String collection, String localField, String as, List<Copy> copies, WriteFence fence) {
        ensureIndex(collection, localField);
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Copy c : copies) {
            writes.add(new UpdateManyModel<>(Filters.and(Filters.eq(localField, c.key()), Filters.ne(as, c.copy())),
                    Updates.combine(Updates.set(as, c.copy()), Updates.unset("_sync.hash"))));
        }
        if (writes.isEmpty()) {
            return 0;
        }
        fence.check();
        return target.collection(collection).bulkWrite(writes, UNORDERED).getModifiedCount();
    }

    /**
     * Every change of a referenced row finds its documents by the local-key field: without an index each one would
     * scan the collection. Created once per collection and field (idempotent in MongoDB); a user without the
     * createIndex privilege gets a warning naming the index to create, and the fan-out still works.
     */
    private void ensureIndex(String collection, String field) {
        if (!indexed.add(collection + "." + field)) {
            return;
        }
        try {
            target.collection(collection).createIndex(Indexes.ascending(field));
        } catch (RuntimeException e) {
            LOG.warnf("Could not create the index {%s: 1} on %s (%s); copies of embedded rows are found by that field. "
                    + "Create it: db.%s.createIndex({%s: 1})", field, collection, e.getMessage(), collection, field);
        }
    }

    /**
     * Clears the copy {@code as} in every document of {@code collection} whose {@code localField} is one of
     * {@code keys} (the referenced rows were deleted), dropping their stored hash so a verify re-reads them; returns
     * how many documents changed.
     */
    public long clear(String collection, String localField, String as, List<Object> keys, WriteFence fence) {
        List<com.mongodb.client.model.WriteModel<Document>> writes = new java.util.ArrayList<>();
        for (Object key : keys) {
            writes.add(new com.mongodb.client.model.UpdateManyModel<>(
                    com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.eq(localField, key),
                            com.mongodb.client.model.Filters.ne(as, null)),
                    com.mongodb.client.model.Updates.combine(com.mongodb.client.model.Updates.set(as, null),
                            com.mongodb.client.model.Updates.unset("_sync.hash"))));
        }
        if (writes.isEmpty()) {
            return 0;
        }
        fence.check();
        return target.collection(collection).bulkWrite(writes,
                new com.mongodb.client.model.BulkWriteOptions().ordered(false)).getModifiedCount();
    }
}
