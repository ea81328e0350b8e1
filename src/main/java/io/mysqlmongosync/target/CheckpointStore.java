package io.mysqlmongosync.target;

import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.metrics.RetryLogger;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Reads and writes {@code _sync_checkpoints}: one document per table, keyed by table name. A split initial load
 * keeps one sub-document per key range under {@code load_ranges}, each updated on its own.
 */
@ApplicationScoped
public class CheckpointStore {

    /** The collection name. */
    public static final String COLLECTION = "_sync_checkpoints";
    private static final String RANGES = "load_ranges";

    private final TargetDatabase target;

    CheckpointStore(TargetDatabase target) {
        this.target = target;
    }

    /** The stored checkpoint of {@code table}, if any. */
    public Optional<TableCheckpoint> load(String table) {
        Document d = collection().find(Filters.eq("_id", table)).first();
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new TableCheckpoint(TableCheckpoint.Phase.valueOf(d.getString("phase")),
                d.getString("load_clock"), key(d, "load_position"), key(d, "cursor"), key(d, "null_cursor"),
                ranges(d.get(RANGES, Document.class))));
    }

    /**
     * Stores {@code checkpoint}; call only after the page it describes has been acknowledged. Retried like a page
     * write (SYNC_MAX_RETRIES, SYNC_RETRY_DELAY) when MongoDB times out or is unreachable: the update is idempotent.
     */
    @Retry(maxRetries = 3, delay = 30, delayUnit = ChronoUnit.SECONDS, maxDuration = 1, durationUnit = ChronoUnit.HOURS,
            jitter = 0, retryOn = {MongoSocketException.class, MongoTimeoutException.class,
                MongoNotPrimaryException.class, MongoNodeIsRecoveringException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.MINUTES)
    public void save(String table, TableCheckpoint checkpoint) {
        // $set rather than replace, so the pass counter kept in the same document survives.
        collection().updateOne(Filters.eq("_id", table), Updates.combine(
                Updates.set("phase", checkpoint.phase().name()),
                Updates.set("load_clock", checkpoint.loadClock()),
                Updates.set("load_position", encode(checkpoint.loadPosition())),
                Updates.set("cursor", encode(checkpoint.cursor())),
                Updates.set("null_cursor", encode(checkpoint.nullCursor())),
                checkpoint.loadRanges() == null ? Updates.unset(RANGES) : Updates.set(RANGES, encode(checkpoint.loadRanges())),
                Updates.set("saved_at", new Date())), new UpdateOptions().upsert(true));
    }

    /**
     * Stores the progress of range {@code index} of a split load alone ({@code $set} on that range's own fields),
     * so ranges loaded at the same time never overwrite each other's positions.
     */
    @Retry(maxRetries = 3, delay = 30, delayUnit = ChronoUnit.SECONDS, maxDuration = 1, durationUnit = ChronoUnit.HOURS,
            jitter = 0, retryOn = {MongoSocketException.class, MongoTimeoutException.class,
                MongoNotPrimaryException.class, MongoNodeIsRecoveringException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.MINUTES)
    public void saveRange(String table, int index, LoadRange range) {
        String prefix = RANGES + "." + rangeKey(index) + ".";
        collection().updateOne(Filters.eq("_id", table), Updates.combine(
                Updates.set(prefix + "position", encode(range.position())),
                Updates.set(prefix + "done", range.done()),
                Updates.set("saved_at", new Date())));
    }

    /** Counts one more finished pass of {@code table}; returns the new count. */
    public long countPass(String table) {
        Document d = collection().findOneAndUpdate(Filters.eq("_id", table), Updates.inc("passes", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return d == null || !(d.get("passes") instanceof Number n) ? 1 : n.longValue();
    }

    /** Forgets {@code table}'s checkpoint, so its next run reloads it in full. */
    public boolean reset(String table) {
        return collection().deleteOne(Filters.eq("_id", table)).getDeletedCount() > 0;
    }

    private static Document encode(List<LoadRange> ranges) {
        Document out = new Document();
        for (int i = 0; i < ranges.size(); i++) {
            LoadRange r = ranges.get(i);
            out.put(rangeKey(i), new Document("lower", r.lower()).append("upper", r.upper())
                    .append("position", encode(r.position())).append("done", r.done()));
        }
        return out;
    }

    private static List<LoadRange> ranges(Document stored) {
        if (stored == null) {
            return null;
        }
        List<LoadRange> out = new ArrayList<>(stored.size());
        for (int i = 0; stored.containsKey(rangeKey(i)); i++) {
            Document r = stored.get(rangeKey(i), Document.class);
            out.add(new LoadRange(number(r.get("lower")), number(r.get("upper")), key(r, "position"),
                    r.getBoolean("done", false)));
        }
        return out;
    }

    /** Range fields are named r0, r1, ...: a sub-document, not an array, so that "r1.position" names one range. */
    private static String rangeKey(int index) {
        return "r" + index;
    }

    private static Long number(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    private static List<Object> encode(Object[] key) {
        return key == null ? null : KeyCodec.encode(key);
    }

    private static Object[] key(Document d, String field) {
        List<?> v = d.getList(field, Object.class);
        return v == null ? null : KeyCodec.decode(v);
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }
}
