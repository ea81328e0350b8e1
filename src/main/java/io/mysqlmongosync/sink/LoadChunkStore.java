package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Lease;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.sink.state.CheckpointDocument;
import io.mysqlmongosync.sink.state.CheckpointRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The chunks of a split initial load as every replica shares them: the {@code load_ranges} sub-document of a table's
 * checkpoint ({@link CheckpointStore} writes the plan), one entry {@code rN} per chunk with its own position, plus
 * the plan's id ({@code plan}, new on every planning) and whether the load started into an empty collection
 * ({@code fresh}). A replica loads a chunk only under the chunk's lease ({@code <table>#rN} in {@code _sync_leases})
 * and every write here is one conditional update on the checkpoint document: the plan id must still be the one the
 * chunk was taken from (a reset or a new plan refuses it) and the chunk's {@code lease_epoch} must not be newer than
 * the writer's chunk lease epoch (a replica that took the chunk over refuses the former holder).
 */
@ApplicationScoped
public class LoadChunkStore {

    private static final String RANGES = "load_ranges";

    private final CheckpointRepository repository;
    private final LeaseStore leases;

    LoadChunkStore(CheckpointRepository repository, LeaseStore leases) {
        this.repository = repository;
        this.leases = leases;
    }

    /**
     * One chunk as stored.
     *
     * @param index its number (the {@code N} of {@code rN} and of its lease id)
     * @param range its key range, position and whether it is done
     * @param owner the replica that last claimed it, or null
     * @param epoch the chunk lease epoch it was last claimed or saved under, or null
     */
    public record Chunk(int index, LoadRange range, String owner, Long epoch) {
    }

    /**
     * A planned split load.
     *
     * @param plan the plan id
     * @param fresh whether the load started into an empty collection (a chunk not started yet may insert)
     * @param chunks the chunks in key order
     */
    public record SplitLoad(String plan, boolean fresh, List<Chunk> chunks) {

        /** Whether every chunk is done. */
        public boolean finished() {
            return chunks.stream().allMatch(c -> c.range().done());
        }
    }

    /** The split load of {@code table} as stored, or null when its checkpoint has no planned split load. */
    public SplitLoad load(String table) {
        CheckpointDocument d = repository.findById(table);
        if (d == null || d.loadRanges == null || !"INITIAL".equals(d.phase)) {
            return null;
        }
        Document stored = d.loadRanges;
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; stored.containsKey(key(i)); i++) {
            Document r = stored.get(key(i), Document.class);
            List<Object> position = r.getList("position", Object.class);
            LoadRange range = new LoadRange(number(r.get("lower")), number(r.get("upper")),
                    position == null ? null : KeyCodec.decode(position), r.getBoolean("done", false));
            Object epoch = r.get("lease_epoch");
            chunks.add(new Chunk(i, range, r.getString("owner"), epoch instanceof Number n ? n.longValue() : null));
        }
        return new SplitLoad(String.valueOf(stored.get("plan")), stored.getBoolean("fresh", false), chunks);
    }

    /** Records whether the split load {@code plan} of {@code table} started into an empty collection. */
    public void markFresh(String table, String plan, boolean fresh) {
        collection().updateOne(Filters.and(Filters.eq("_id", table), Filters.eq(RANGES + ".plan", plan)),
                Updates.set(RANGES + ".fresh", fresh));
    }

    /**
     * Claims chunk {@code index} of {@code plan} under {@code lease} (the chunk lease, just taken) and returns the
     * chunk as stored now, with the position to resume from.
     *
     * @throws LeaseLostException when the plan changed or a newer chunk lease epoch claimed the chunk
     */
    public LoadRange claim(String table, String plan, int index, Lease lease) {
        String prefix = RANGES + "." + key(index) + ".";
        CheckpointDocument d = collection().findOneAndUpdate(filter(table, plan, index, lease),
                Updates.combine(Updates.set(prefix + "lease_epoch", lease.epoch()),
                        Updates.set(prefix + "owner", lease.owner()), Updates.set(prefix + "claimed_at", new Date())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (d == null || d.loadRanges == null) {
            throw refused(table, index, lease);
        }
        Document r = d.loadRanges.get(key(index), Document.class);
        List<Object> position = r.getList("position", Object.class);
        return new LoadRange(number(r.get("lower")), number(r.get("upper")),
                position == null ? null : KeyCodec.decode(position), r.getBoolean("done", false));
    }

    /**
     * Stores the position of chunk {@code index} of {@code plan} (after the page it describes was acknowledged),
     * fenced by the chunk lease ({@code fence}'s): first the fence's lease check when it has one (the chunk's
     * monotonic write deadline, see {@link CheckpointStore#save}), else a read of the lease document; then the update
     * is conditional on the plan id and the chunk's lease epoch.
     *
     * @throws LeaseLostException when the chunk lease or the plan is no longer this writer's
     */
    public void save(String table, String plan, int index, LoadRange range, WriteFence fence) {
        Lease lease = fence.lease();
        if (fence.checks()) {
            fence.check();
        } else {
            leases.verify(lease);
        }
        String prefix = RANGES + "." + key(index) + ".";
        long matched = collection().updateOne(filter(table, plan, index, lease), Updates.combine(
                Updates.set(prefix + "position", range.position() == null ? null : KeyCodec.encode(range.position())),
                Updates.set(prefix + "done", range.done()), Updates.set(prefix + "lease_epoch", lease.epoch()),
                Updates.set(prefix + "owner", lease.owner()), Updates.set("saved_at", new Date()))).getMatchedCount();
        if (matched == 0) {
            throw refused(table, index, lease);
        }
    }

    private static Bson filter(String table, String plan, int index, Lease lease) {
        String epoch = RANGES + "." + key(index) + ".lease_epoch";
        return Filters.and(Filters.eq("_id", table), Filters.eq(RANGES + ".plan", plan),
                Filters.or(Filters.exists(epoch, false), Filters.lte(epoch, lease.epoch())));
    }

    private LeaseLostException refused(String table, int index, Lease lease) {
        return new LeaseLostException(lease.table(), "chunk " + index + " of the split load of " + table
                + " was reset, re-planned or taken over (chunk lease epoch " + lease.epoch() + "): "
                + leases.lost(lease).getMessage());
    }

    /** Chunk fields are named r0, r1, ... (as {@link CheckpointStore} writes them). */
    static String key(int index) {
        return "r" + index;
    }

    private static Long number(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    private MongoCollection<CheckpointDocument> collection() {
        return repository.mongoCollection();
    }
}
