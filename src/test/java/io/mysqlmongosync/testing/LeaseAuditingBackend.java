package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process MongoDB target shared by several service processes, auditing every data write against the table
 * leases. Each process names itself with {@code appName} in its MONGODB_URI; the driver sends that name in the
 * handshake of every connection, so each later command on the connection is attributed to its process. For each
 * insert, update or delete on one of the audited collections the backend looks up the table's lease document in
 * {@code _sync_leases} of the same database at that moment and records the write: who wrote how many documents,
 * under which lease, and whether the writer held the lease (its owner, not expired) when the write arrived. While a
 * table's checkpoint holds a split load ({@code load_ranges}), each written document is attributed to the chunk whose
 * key range holds its {@code _id} and checked against that chunk's lease ({@code <table>#rN}) instead.
 */
public final class LeaseAuditingBackend extends MemoryBackend {

    /** One data write as the target received it. */
    public record Write(String process, String collection, int documents, long atMillis, String leaseOwner,
            long leaseEpoch, long leaseExpiresMillis, int chunk) {

        /** Whether the writer was the lease owner when the write arrived. */
        public boolean byOwner() {
            return process.equals(leaseOwner);
        }

        /** Whether the lease had expired when the write arrived. */
        public boolean afterExpiry() {
            return atMillis > leaseExpiresMillis;
        }
    }

    private final String database;
    private final Set<String> audited;
    private final Map<Channel, String> processes = new ConcurrentHashMap<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final AtomicLong unattributed = new AtomicLong();
    private volatile String slowCollection;
    private volatile long slowMillis;

    /** Audits writes to {@code audited} collections of {@code database}; table name = collection name. */
    public LeaseAuditingBackend(String database, Set<String> audited) {
        this.database = database;
        this.audited = Set.copyOf(audited);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (query.get("client") instanceof Document client && client.get("application") instanceof Document app
                && app.get("name") instanceof String name) {
            processes.put(channel, name);
        }
        if (database.equals(databaseName) && isWrite(command) && query.get(command) instanceof String coll
                && audited.contains(coll)) {
            delay(coll);
            record(channel, command, coll, query);
        }
        return super.handleCommand(channel, databaseName, command, query);
    }

    /**
     * Makes every data write to {@code collection} arrive {@code millis} later (0: no delay), like a slow network
     * in front of the target: the write is audited and applied after the delay. A test that must act while a load
     * is still running (kill a holder, stall another) uses it to keep the load slower than its own steps, whatever
     * the machine's speed. The server must be bound with enough worker threads that a delayed write does not hold
     * up other connections (lease renewals): see {@code bind(address, boss, workers)}.
     */
    public void delayWrites(String collection, long millis) {
        slowCollection = collection;
        slowMillis = millis;
    }

    private void delay(String coll) {
        long millis = slowMillis;
        if (millis > 0 && coll.equals(slowCollection)) {
            try {
                // why: the delay is the fake slow network itself (see delayWrites), not a wait for something
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean isWrite(String command) {
        return "insert".equals(command) || "update".equals(command) || "delete".equals(command);
    }

    private void record(Channel channel, String command, String coll, Document query) {
        String process = processes.get(channel);
        if (process == null) {
            unattributed.incrementAndGet();
            return;
        }
        Object list = query.get("insert".equals(command) ? "documents" : "update".equals(command) ? "updates" : "deletes");
        List<?> items = list instanceof List<?> l ? l : List.of();
        long now = System.currentTimeMillis();
        Document ranges = loadRanges(coll);
        if (ranges == null || "delete".equals(command)) {
            add(process, coll, items.size(), now, lease(coll), -1);
            return;
        }
        // A split load: each document belongs to the chunk whose key range holds its _id, written under that
        // chunk's lease (<table>#rN).
        Map<Integer, Integer> perChunk = new java.util.TreeMap<>();
        for (Object item : items) {
            Object id = item instanceof Document d ? ("insert".equals(command) ? d.get("_id")
                    : d.get("q") instanceof Document q ? q.get("_id") : null) : null;
            perChunk.merge(chunkOf(ranges, id), 1, Integer::sum);
        }
        perChunk.forEach((chunk, docs) -> add(process, coll, docs, now,
                chunk < 0 ? lease(coll) : lease(coll + "#r" + chunk), chunk));
    }

    private void add(String process, String coll, int docs, long now, Document lease, int chunk) {
        writes.add(new Write(process, coll, docs, now, lease == null ? null : (String) lease.get("owner"),
                lease != null && lease.get("epoch") instanceof Number n ? n.longValue() : 0,
                lease == null ? Long.MIN_VALUE : millis(lease.get("expires_at")), chunk));
    }

    /** The chunk of a split load whose key range holds {@code id}, or -1. */
    private static int chunkOf(Document ranges, Object id) {
        if (!(id instanceof Number n)) {
            return -1;
        }
        long key = n.longValue();
        for (int i = 0; ranges.get("r" + i) instanceof Document r; i++) {
            boolean above = !(r.get("lower") instanceof Number lo) || key >= lo.longValue();
            boolean below = !(r.get("upper") instanceof Number up) || key < up.longValue();
            if (above && below) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code load_ranges} of {@code table}'s checkpoint while a split load is planned, else null. */
    private Document loadRanges(String table) {
        MongoCollection<?> cps = resolveDatabase(database).resolveCollection("_sync_checkpoints", false);
        if (cps == null) {
            return null;
        }
        Iterator<Document> it = cps.handleQuery(new Document("_id", table)).iterator();
        return it.hasNext() && it.next().get("load_ranges") instanceof Document r ? r : null;
    }

    private Document lease(String table) {
        MongoDatabase db = resolveDatabase(database);
        MongoCollection<?> leases = db.resolveCollection("_sync_leases", false);
        if (leases == null) {
            return null;
        }
        Iterator<Document> it = leases.handleQuery(new Document("_id", table)).iterator();
        return it.hasNext() ? it.next() : null;
    }

    private static long millis(Object date) {
        if (date instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (date instanceof Date d) {
            return d.getTime();
        }
        return Long.MIN_VALUE;
    }

    /** Every audited write so far, in arrival order. */
    public List<Write> writes() {
        return new ArrayList<>(writes);
    }

    /** Forgets the writes recorded so far. */
    public void clear() {
        writes.clear();
    }

    /** Audited writes on connections that never said which process they belong to (should stay 0). */
    public long unattributed() {
        return unattributed.get();
    }

    /** The process names seen in handshakes. */
    public Set<String> processes() {
        return Set.copyOf(processes.values());
    }
}
