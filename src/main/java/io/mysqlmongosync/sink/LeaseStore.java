package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Lease;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.sink.state.LeaseDocument;
import io.mysqlmongosync.sink.state.LeaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * Per-table leases in {@code _sync_leases} ({@link LeaseDocument}): a replica syncs a table only while it holds the table's lease,
 * renews it while it writes and releases it when done; a lease not renewed in time (a dead replica) can be
 * taken over. Each lease document carries {@code owner}, {@code epoch} and {@code expires_at}: the epoch is a
 * fencing token that grows by one on each take-over by a different owner (a re-acquire by the same owner keeps
 * it) and on a checkpoint reset, so a replica that paused past its lease can tell that it lost the table and its
 * late checkpoint saves are refused (see {@link CheckpointStore}). Releasing expires the document instead of
 * deleting it, so the epoch never goes back. Every step is one atomic single-document update; the unique
 * {@code _id} makes a first acquire atomic: an insert that loses the race fails with a duplicate key.
 */
@ApplicationScoped
public class LeaseStore {

    /** The collection name. */
    public static final String COLLECTION = LeaseDocument.COLLECTION;
    /** The owner written by a checkpoint reset: nobody, so the next holder starts a new epoch. */
    public static final String RESET_OWNER = "checkpoint-reset";

    private final LeaseRepository repository;
    /** The leases this process holds for running table passes, by table (what checkpoint saves are fenced with). */
    private final Map<String, Lease> held = new ConcurrentHashMap<>();

    protected LeaseStore(LeaseRepository repository) {
        this.repository = repository;
    }

    /** Takes or renews the lease on {@code table} for {@code owner}; false when another live owner holds it. */
    public boolean acquire(String table, String owner, long ttlMillis) {
        return take(table, owner, ttlMillis) != null;
    }

    /**
     * Takes the lease on {@code table} for {@code owner}: renews it when {@code owner} already holds it (same
     * epoch), takes it over with the next epoch when it expired, or creates it at epoch 1. Null when another live
     * owner holds it.
     */
    public Lease take(String table, String owner, long ttlMillis) {
        long now = System.currentTimeMillis();
        Date expires = new Date(now + ttlMillis);
        FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        // 1. Our own lease, live or expired: keep the epoch.
        LeaseDocument d = collection().findOneAndUpdate(Filters.and(Filters.eq("_id", table), Filters.eq("owner", owner)),
                Updates.combine(Updates.set("expires_at", expires), Updates.set("renewed_at", new Date(now))), after);
        if (d == null) {
            // 2. Another owner's expired lease: take it over with the next epoch.
            d = collection().findOneAndUpdate(Filters.and(Filters.eq("_id", table), Filters.ne("owner", owner),
                    Filters.lt("expires_at", new Date(now))),
                    Updates.combine(Updates.set("owner", owner), Updates.inc("epoch", 1L),
                            Updates.set("expires_at", expires), Updates.set("renewed_at", new Date(now))), after);
        }
        if (d == null) {
            // 3. No lease document yet: create it; a duplicate key means a live lease of another owner (or a race).
            try {
                d = LeaseDocument.first(table, owner, expires, new Date(now));
                repository.persist(d);
            } catch (MongoCommandException | MongoWriteException e) {
                if (DuplicateKey.is(e)) {
                    return null;
                }
                throw e;
            }
        }
        return new Lease(table, owner, epoch(d), expires.getTime());
    }

    /**
     * Extends {@code lease} by {@code ttlMillis} if its owner still holds it at the same epoch.
     *
     * @throws LeaseLostException when another owner (or a checkpoint reset) has it now
     */
    public Lease renew(Lease lease, long ttlMillis) {
        long now = System.currentTimeMillis();
        Date expires = new Date(now + ttlMillis);
        LeaseDocument d = collection().findOneAndUpdate(Filters.and(Filters.eq("_id", lease.table()),
                Filters.eq("owner", lease.owner()), Filters.eq("epoch", lease.epoch())),
                Updates.combine(Updates.set("expires_at", expires), Updates.set("renewed_at", new Date(now))));
        if (d == null) {
            throw lost(lease);
        }
        return new Lease(lease.table(), lease.owner(), lease.epoch(), expires.getTime());
    }

    /** Throws {@link LeaseLostException} unless {@code lease}'s owner still holds its table at its epoch. */
    public void verify(Lease lease) {
        LeaseDocument d = stored(lease.table());
        if (d == null || !lease.owner().equals(d.owner) || epoch(d) != lease.epoch()) {
            throw lost(lease, d);
        }
    }

    /** The exception for a lease its owner no longer holds, naming the current holder and epoch. */
    public LeaseLostException lost(Lease lease) {
        return lost(lease, stored(lease.table()));
    }

    private static LeaseLostException lost(Lease lease, LeaseDocument now) {
        return now == null ? new LeaseLostException(lease.table(), "nobody", lease.epoch() + 1)
                : new LeaseLostException(lease.table(), String.valueOf(now.owner), epoch(now));
    }

    /**
     * Moves {@code table}'s lease to a new epoch owned by nobody ({@link #RESET_OWNER}), keeping its expiry: a
     * replica still syncing the table fails its next renewal and checkpoint save, and no other replica takes the
     * table before that lease expires. Returns the new epoch.
     */
    public long fenceOff(String table) {
        LeaseDocument d = collection().findOneAndUpdate(Filters.eq("_id", table),
                Updates.combine(Updates.inc("epoch", 1L), Updates.set("owner", RESET_OWNER),
                        Updates.setOnInsert("expires_at", new Date(0))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return epoch(d);
    }

    /**
     * Gives up {@code owner}'s lease on {@code table}, if it holds it: expires it, keeping owner and epoch. Also from
     * a thread interrupted by shutdown (SIGTERM stops the run's executor): the driver refuses any call from an
     * interrupted thread, and a lease left behind would hold the table for the whole lease time, since a replacement
     * pod has a new name. So the interrupt is set aside for this one update (bounded by the MongoDB timeouts) and
     * restored after it.
     */
    public void release(String table, String owner) {
        held.computeIfPresent(table, (k, v) -> v.owner().equals(owner) ? null : v);
        boolean interrupted = Thread.interrupted();
        try {
            // At shutdown the interrupt that stops a pass can also arrive during this call: the driver then gives
            // up, so the release is tried again (three attempts at most) with the flag cleared again.
            for (int attempt = 1;; attempt++) {
                try {
                    collection().updateOne(Filters.and(Filters.eq("_id", table), Filters.eq("owner", owner)),
                            Updates.combine(Updates.set("expires_at", new Date(System.currentTimeMillis() - 1)),
                                    Updates.set("released_at", new Date())));
                    return;
                } catch (com.mongodb.MongoInterruptedException e) {
                    interrupted = true;
                    Thread.interrupted();
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records {@code lease} as the one this process's checkpoint saves of its table are fenced with. */
    public void hold(Lease lease) {
        held.put(lease.table(), lease);
    }

    /** The lease this process holds on {@code table} for a running pass, or null. */
    public Lease held(String table) {
        return held.get(table);
    }

    /**
     * The lease id of chunk {@code index} of {@code table}'s split initial load: {@code <table>#r<index>}. A chunk
     * lease is a lease like a table's (owner, epoch, expiry; taken, renewed and released the same way), under its
     * own id, so any replica may load that chunk while another holds the table.
     */
    public static String chunkId(String table, int index) {
        return table + "#r" + index;
    }

    /** Whether {@code id} is a chunk lease's ({@link #chunkId}). */
    public static boolean isChunk(String id) {
        return id != null && id.matches(".*#r[0-9]+");
    }

    /** The lease documents with the given ids as stored (missing ones left out). */
    public java.util.List<LeaseDocument> stored(java.util.Collection<String> ids) {
        return collection().find(Filters.in("_id", ids)).into(new java.util.ArrayList<>());
    }

    /**
     * The table leases among {@code tables} that ran out after {@code since} without being given back (a holder killed
     * or cut off: a release or a checkpoint reset leaves its mark), so that another replica may take them over at
     * once rather than at its next scheduled run.
     */
    public java.util.List<LeaseDocument> expiredUnreleased(java.util.Collection<String> tables, Date since) {
        java.util.List<LeaseDocument> out = new java.util.ArrayList<>();
        for (LeaseDocument d : collection().find(Filters.and(Filters.in("_id", tables),
                Filters.lt("expires_at", new Date()), Filters.gt("expires_at", since)))) {
            boolean released = d.releasedAt != null && (d.renewedAt == null || !d.releasedAt.before(d.renewedAt));
            if (!released && !RESET_OWNER.equals(d.owner)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The current holder of each table with a live lease (not chunk leases, not a binlog source's {@code #…}). */
    public Map<String, String> holders() {
        Map<String, String> out = new LinkedHashMap<>();
        for (LeaseDocument d : collection().find(Filters.gte("expires_at", new Date()))) {
            if (isChunk(d.table) || d.table.startsWith("#")) {
                continue; // a chunk lease or a source's binlog lease, not a table's
            }
            out.put(d.table, d.owner);
        }
        return out;
    }

    /** The owner currently holding {@code table}, or null: its one lease document, live as {@link #holders} counts. */
    public String holder(String table) {
        LeaseDocument d = isChunk(table) ? null : stored(table);
        return d != null && d.expiresAt != null && !d.expiresAt.before(new Date()) ? d.owner : null;
    }

    /** The lease document of {@code table} as stored, or null. */
    public Document document(String table) {
        return collection().withDocumentClass(Document.class).find(Filters.eq("_id", table)).first();
    }

    /** The lease of {@code table} as stored, or null. */
    public LeaseDocument stored(String table) {
        return repository.findById(table);
    }

    private static long epoch(LeaseDocument d) {
        return LeaseDocument.epoch(d);
    }

    private MongoCollection<LeaseDocument> collection() {
        return repository.mongoCollection();
    }
}
