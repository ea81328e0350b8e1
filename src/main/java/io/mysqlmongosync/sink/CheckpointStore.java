package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.engine.port.WriteFence;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.mysqlmongosync.metrics.RetryLogger;
import io.mysqlmongosync.sink.state.CheckpointDocument;
import io.mysqlmongosync.sink.state.CheckpointRepository;
import io.mysqlmongosync.sink.state.LeaseDocument;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Reads and writes {@code _sync_checkpoints} ({@link CheckpointDocument}): one document per table, keyed by table
 * name. A split initial load keeps one sub-document per key range under {@code load_ranges}, each updated on its own
 * (by whichever replica holds that chunk's lease, see {@link LoadChunkStore}).
 */
@ApplicationScoped
public class CheckpointStore {

    /** The collection name. */
    public static final String COLLECTION = CheckpointDocument.COLLECTION;
    private static final String RANGES = "load_ranges";

    private static final String EPOCH = "lease_epoch";

    private final CheckpointRepository repository;
    private final LeaseStore leases;

    CheckpointStore(CheckpointRepository repository, LeaseStore leases) {
        this.repository = repository;
        this.leases = leases;
    }

    /** The stored checkpoint of {@code table}, if any. */
    public Optional<TableCheckpoint> load(String table) {
        CheckpointDocument d = repository.findById(table);
        if (d == null || d.phase == null) { // none, or only a reset marker / pass counter
            return Optional.empty();
        }
        return Optional.of(new TableCheckpoint(TableCheckpoint.Phase.valueOf(d.phase), d.loadClock,
                key(CheckpointDocument.key(d.loadPosition)), key(CheckpointDocument.key(d.cursor)),
                key(CheckpointDocument.key(d.nullCursor)), ranges(d.loadRanges)));
    }

    /**
     * Fencing. MongoDB updates one document atomically but the lease ({@code _sync_leases}) and the checkpoint
     * live in two documents, so "check the lease, then write" alone would race with a take-over. The checkpoint
     * therefore carries the epoch of the lease it was written under ({@code lease_epoch}) and every fenced save is
     * one conditional update: {@code _id = table AND (lease_epoch missing OR lease_epoch <= ours)}, setting
     * {@code lease_epoch = ours}. A new holder claims the checkpoint with its higher epoch when it takes the table
     * ({@link #claim}), and a reset leaves a marker at a new epoch, so from then on a stale holder's save matches
     * nothing: its upsert hits the unique {@code _id} (duplicate key) and it gets a {@link LeaseLostException}.
     * Before the update, a save under a checking fence (the position after a page, see {@link WriteFence}) runs
     * the fence's lease check: the pass's monotonic write deadline, which stops the save before the lease could
     * expire under it (so no other replica can have taken the table over meanwhile) and renews the lease when due.
     * Any other fenced save reads the lease document first, which refuses it earlier and names the new holder. A
     * reset between the two steps is covered by its marker (see {@link #reset}). Retried like a page write
     * (SYNC_MAX_RETRIES, SYNC_RETRY_DELAY) when MongoDB times out or is unreachable: the update is idempotent.
     *
     * @param fence the lease to fence the save with; {@link WriteFence#NONE} writes unconditionally (no pass of this
     *     process holds the table, e.g. a tool or test)
     */
    @Retry(retryOn = {MongoSocketException.class, MongoTimeoutException.class, MongoNotPrimaryException.class,
            MongoNodeIsRecoveringException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff
    public void save(String table, TableCheckpoint checkpoint, WriteFence fence) {
        Lease lease = verified(fence);
        // $set rather than replace, so the pass counter kept in the same document survives.
        fenced(table, lease, Updates.combine(
                Updates.set("phase", checkpoint.phase().name()),
                Updates.set("load_clock", checkpoint.loadClock()),
                Updates.set("load_position", encode(checkpoint.loadPosition())),
                Updates.set("cursor", encode(checkpoint.cursor())),
                Updates.set("null_cursor", encode(checkpoint.nullCursor())),
                checkpoint.loadRanges() == null ? Updates.unset(RANGES) : Updates.set(RANGES, encode(checkpoint.loadRanges())),
                Updates.set("saved_at", new Date())), true);
    }

    /**
     * Marks {@code table}'s checkpoint as written under {@code lease} from now on (a new holder calls this when it
     * takes the table), so that saves of any holder with an older epoch are refused even before the new holder
     * saves its first page.
     *
     * @throws LeaseLostException when the checkpoint already carries a newer epoch
     */
    public void claim(Lease lease) {
        fenced(lease.table(), lease, Updates.set("claimed_at", new Date()), true);
    }

    /** The fence's lease after its check (see {@link #save}): its deadline when it checks one, else the stored lease. */
    private Lease verified(WriteFence fence) {
        Lease lease = fence.lease();
        if (fence.checks()) {
            fence.check();
        } else if (lease != null) {
            leases.verify(lease);
        }
        return lease;
    }

    /** The conditional update behind every fenced write (see {@link #save}). */
    private void fenced(String table, Lease lease, Bson update, boolean upsert) {
        if (lease == null) {
            collection().updateOne(Filters.eq("_id", table), update, new UpdateOptions().upsert(upsert));
            return;
        }
        Bson filter = Filters.and(Filters.eq("_id", table),
                Filters.or(Filters.exists(EPOCH, false), Filters.lte(EPOCH, lease.epoch())));
        try {
            UpdateResult r = collection().updateOne(filter, Updates.combine(update, Updates.set(EPOCH, lease.epoch())),
                    new UpdateOptions().upsert(upsert));
            if (!upsert && r.getMatchedCount() == 0 && repository.findByIdOptional(table).isPresent()) {
                throw refused(lease);
            }
        } catch (MongoWriteException | MongoCommandException e) {
            if (DuplicateKey.is(e)) {
                throw refused(lease);
            }
            throw e;
        }
    }

    private LeaseLostException refused(Lease lease) {
        CheckpointDocument d = repository.findById(lease.table());
        LeaseDocument holder = leases.stored(lease.table());
        long epoch = d != null && d.leaseEpoch != null ? d.leaseEpoch : lease.epoch() + 1;
        return new LeaseLostException(lease.table(), holder == null ? "nobody" : holder.owner, epoch);
    }

    /** Counts one more finished pass of {@code table}; returns the new count. */
    public long countPass(String table) {
        CheckpointDocument d = collection().findOneAndUpdate(Filters.eq("_id", table), Updates.inc("passes", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return d == null || d.passes == null ? 1 : d.passes;
    }

    /**
     * Forgets {@code table}'s checkpoint, so its next run reloads it in full. The reset wins over a pass still
     * running on the table (here or on another replica): it moves the lease to a new epoch first
     * ({@link LeaseStore#fenceOff}) and leaves a marker document at that epoch instead of deleting, so the running
     * pass's next checkpoint save is refused rather than bringing the old checkpoint back.
     */
    public boolean reset(String table) {
        long epoch = leases.fenceOff(table);
        CheckpointDocument marker = new CheckpointDocument(); // only _id, lease_epoch, reset_at: no nulls to write
        marker.table = table;
        marker.leaseEpoch = epoch;
        marker.resetAt = new Date();
        CheckpointDocument before = collection().findOneAndReplace(Filters.eq("_id", table), marker,
                new FindOneAndReplaceOptions().upsert(true));
        return before != null && before.phase != null;
    }

    /**
     * A new plan of ranges: each planning gets a new {@code plan} id, which every chunk save of the replicas sharing
     * the load is conditional on ({@link LoadChunkStore}), so a save for a plan that was reset or replaced matches
     * nothing.
     */
    private static Document encode(List<LoadRange> ranges) {
        Document out = new Document("plan", java.util.UUID.randomUUID().toString());
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

    private static Object[] key(List<Object> stored) {
        return stored == null ? null : KeyCodec.decode(stored);
    }

    private static Object[] key(Document d, String field) {
        return key(d.getList(field, Object.class));
    }

    private MongoCollection<CheckpointDocument> collection() {
        return repository.mongoCollection();
    }
}
