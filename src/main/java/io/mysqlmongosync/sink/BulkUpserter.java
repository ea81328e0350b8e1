package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Conflict;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.TargetDocument;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.metrics.RetryLogger;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Writes one page of documents as a single unordered bulk of {@code ReplaceOne} upserts keyed by {@code _id}
 * (plus deletes of soft-deleted rows). One read of the page's stored {@code _sync} fields first decides, per
 * document, whether it is new, changed, unchanged (same hash: no write), older than the target (last write
 * wins) or in conflict with an edit made in MongoDB (the configured policy decides). Writing the same page twice
 * is harmless, which is what makes checkpoint-after-write safe to replay.
 */
@ApplicationScoped
public class BulkUpserter {

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final TargetDatabase target;

    BulkUpserter(TargetDatabase target) {
        this.target = target;
    }

    /**
     * Writes {@code page} to {@code collection} and deletes the documents {@code deletes}; returns what happened.
     * {@code fence} is checked right before each request that writes (the lease, once more).
     */
    @Retry(retryOn = {MongoSocketException.class, MongoTimeoutException.class, MongoNotPrimaryException.class,
            MongoNodeIsRecoveringException.class, MongoExecutionTimeoutException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 1.0, delay = 30, delayUnit = ChronoUnit.SECONDS,
            failOn = {MongoSocketException.class, MongoTimeoutException.class})
    public WriteOutcome write(String collection, List<TargetDocument> page, List<Object> deletes, WritePolicy policy,
            WriteFence fence) {
        if (page.isEmpty() && deletes.isEmpty()) {
            return WriteOutcome.NONE;
        }
        Collection<TargetDocument> docs = lastPerId(page);
        MongoCollection<Document> coll = target.collection(collection);
        // A page encoded from the source rows goes to the driver as the same bytes (no second encoding).
        if (!docs.isEmpty() && allEncoded(docs)) {
            return write(coll, coll.withDocumentClass(RawBsonDocument.class), TargetDocument::raw, docs, deletes, policy, fence);
        }
        return write(coll, coll, TargetDocument::asDocument, docs, deletes, policy, fence);
    }

    private static boolean allEncoded(Collection<TargetDocument> docs) {
        for (TargetDocument d : docs) {
            if (d.raw() == null) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code docs} as {@code body} gives them to {@code out}; {@code coll} reads the stored fields. */
    private static <T> WriteOutcome write(MongoCollection<Document> coll, MongoCollection<T> out,
            Function<TargetDocument, T> body, Collection<TargetDocument> docs, List<Object> deletes, WritePolicy policy,
            WriteFence fence) {
        if (policy.assumeNew() && deletes.isEmpty()) {
            return insertNew(out, body, docs, fence);
        }
        List<Object> ids = new ArrayList<>(docs.size() + deletes.size());
        docs.forEach(d -> ids.add(d.id()));
        ids.addAll(deletes);
        Map<Object, Document> stored = policy.assumeNew() ? Map.of() : stored(coll, ids, policy.conflictField());
        List<WriteModel<T>> writes = new ArrayList<>(ids.size());
        List<Conflict> conflicts = new ArrayList<>(0);
        List<Object> conflictIds = new ArrayList<>(0);
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int deleted = 0;
        for (TargetDocument d : docs) {
            Decision x = decide(d, stored.get(d.id()), policy);
            switch (x.kind()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case CONFLICT -> {
                    conflicts.add(x.conflict());
                    conflictIds.add(d.id());
                }
            }
            if (x.writes()) {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", d.id()), body.apply(d), UPSERT));
            }
        }
        for (Object id : deletes) {
            if (stored.containsKey(id)) {
                writes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
                deleted++;
            }
        }
        if (!conflicts.isEmpty()) {
            conflicts = withTargetDocuments(coll, conflicts, conflictIds);
        }
        if (!writes.isEmpty()) {
            fence.check(); // the lease, once more, right before the request
            out.bulkWrite(writes, UNORDERED);
        }
        return new WriteOutcome(created, updated, unchanged, conflicts.size(), deleted, conflicts);
    }

    /**
     * What one document's write is: new, changed, unchanged (same hash: nothing to write), or in conflict with an
     * edit made in MongoDB or a newer stored version ({@code conflict} says who wins; only a source win is written).
     */
    private record Decision(Kind kind, Conflict conflict) {
        enum Kind { CREATED, UPDATED, UNCHANGED, CONFLICT }

        static final Decision CREATED = new Decision(Kind.CREATED, null);
        static final Decision UPDATED = new Decision(Kind.UPDATED, null);
        static final Decision UNCHANGED = new Decision(Kind.UNCHANGED, null);

        boolean writes() {
            return kind != Kind.UNCHANGED && (conflict == null || "source".equals(conflict.winner()));
        }
    }

    /** Decides the write of {@code d} given the stored document {@code current} (null when there is none). */
    private static Decision decide(TargetDocument d, Document current, WritePolicy policy) {
        if (current == null) {
            return Decision.CREATED;
        }
        if (policy.force()) {
            return Decision.UPDATED;
        }
        Document sync = current.get("_sync", Document.class);
        if (sync != null && d.hash().equals(sync.getString("hash"))) {
            return Decision.UNCHANGED;
        }
        long storedVersion = sync != null && sync.get("version") instanceof Number v ? v.longValue() : Long.MIN_VALUE;
        long editedAt = editTime(current, policy.conflictField());
        boolean editedInTarget = sync == null || editedAt > storedVersion - storedVersion % 1000;
        // In commit order a later event supersedes what the sync wrote, whatever its change time says.
        if (!editedInTarget && (policy.commitOrder() || storedVersion <= d.version())) {
            return Decision.UPDATED;
        }
        long targetVersion = editedInTarget ? editedAt : storedVersion;
        boolean sourceWins = switch (policy.conflictPolicy()) {
            case SOURCE_WINS -> true;
            case TARGET_WINS -> false;
            case NEWER_WINS -> d.version() > targetVersion;
        };
        return new Decision(Decision.Kind.CONFLICT, new Conflict(d.id(), d.version(), targetVersion,
                sourceWins ? "source" : "target", d.asDocument(), null));
    }

    /**
     * A fresh load into a collection that was empty when it started: plain inserts, cheaper for the server than
     * upserts keyed by {@code _id}. A document that exists after all (a page written twice) fails with a duplicate
     * key and is replaced instead, so the write stays idempotent.
     */
    private static <T> WriteOutcome insertNew(MongoCollection<T> coll, Function<TargetDocument, T> body,
            Collection<TargetDocument> docs, WriteFence fence) {
        List<WriteModel<T>> inserts = new ArrayList<>(docs.size());
        for (TargetDocument d : docs) {
            inserts.add(new InsertOneModel<>(body.apply(d)));
        }
        try {
            fence.check(); // the lease, once more, right before the request
            coll.bulkWrite(inserts, UNORDERED);
        } catch (MongoBulkWriteException e) {
            List<TargetDocument> list = List.copyOf(docs);
            List<WriteModel<T>> replaces = new ArrayList<>(e.getWriteErrors().size());
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DuplicateKey.CODE) {
                    throw e;
                }
                TargetDocument d = list.get(error.getIndex());
                replaces.add(new ReplaceOneModel<>(Filters.eq("_id", d.id()), body.apply(d), UPSERT));
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            fence.check(); // the lease, once more, right before the request
            coll.bulkWrite(replaces, UNORDERED);
        }
        return new WriteOutcome(docs.size(), 0, 0, 0, 0, List.of());
    }

    /** The time of {@code field} in a stored document, µs since the epoch, or {@link Long#MIN_VALUE}. */
    private static long editTime(Document current, String field) {
        Object v = current.get(field);
        return v instanceof Date date ? date.getTime() * 1000L : Long.MIN_VALUE;
    }

    private static List<Conflict> withTargetDocuments(MongoCollection<Document> coll, List<Conflict> conflicts,
            List<Object> ids) {
        Map<Object, Document> full = new HashMap<>();
        for (Document d : coll.find(Filters.in("_id", ids))) {
            full.put(d.get("_id"), d);
        }
        List<Conflict> out = new ArrayList<>(conflicts.size());
        for (Conflict c : conflicts) {
            out.add(new Conflict(c.id(), c.sourceVersion(), c.targetVersion(), c.winner(), c.sourceDocument(),
                    full.get(c.id())));
        }
        return out;
    }

    /** The same {@code _id} twice in one page: the last occurrence wins. */
    private static Collection<TargetDocument> lastPerId(List<TargetDocument> page) {
        Map<Object, TargetDocument> byId = new LinkedHashMap<>(page.size() * 2);
        for (TargetDocument d : page) {
            if (byId.put(d.id(), d) != null) { // the later row goes last, as it was read
                byId.remove(d.id());
                byId.put(d.id(), d);
            }
        }
        return byId.values();
    }

    private static Map<Object, Document> stored(MongoCollection<Document> coll, List<Object> ids, String conflictField) {
        Map<Object, Document> stored = new HashMap<>(ids.size() * 2);
        for (Document d : coll.find(Filters.in("_id", ids))
                .projection(conflictField == null ? Projections.include("_sync.hash", "_sync.version")
                        : Projections.include("_sync.hash", "_sync.version", conflictField))) {
            stored.put(d.get("_id"), d);
        }
        return stored;
    }
}
