package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.LoadChunkStore;
import io.mysqlmongosync.sink.LoadChunkStore.Chunk;
import io.mysqlmongosync.sink.LoadChunkStore.SplitLoad;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetChangeSource;
import io.mysqlmongosync.source.KeysetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Loads the chunks of a split initial load, shared by every replica: a chunk is loaded only under its own lease
 * ({@code <table>#rN} in {@code _sync_leases}, taken, renewed before each page by a {@link LeaseKeeper} and released
 * like a table lease), from its own stored position, and its position saves are fenced by that lease's epoch and the
 * plan id ({@link LoadChunkStore}). A replica runs up to SYNC_LOAD_THREADS (default SYNC_LOAD_PARTITIONS) workers
 * per table; each takes the first chunk that is neither done nor leased, loads it to its end, and takes the next.
 * The replica holding the table lease waits for chunks other replicas hold (polling, its table lease renewed
 * meanwhile) and takes over a chunk whose lease expired (a dead replica); a replica without the table lease only
 * loads chunks that are free and leaves when none is. A killed replica loses at most the page after its chunk's
 * stored position, which the next holder of the chunk writes again.
 */
@ApplicationScoped
class LoadChunks {

    private static final Logger LOG = Logger.getLogger(LoadChunks.class);

    private final LoadChunkStore store;
    private final LeaseStore leases;
    private final LeaseBudget budget;
    private final Scans scans;
    private final SyncConfig config;
    private final long ttlMillis;
    /** Chunk lease ids this process is loading now: its other workers skip them (the same owner could retake). */
    private final Set<String> loading = ConcurrentHashMap.newKeySet();

    LoadChunks(LoadChunkStore store, LeaseStore leases, LeaseBudget budget, Scans scans, SyncConfig config) {
        this.store = store;
        this.leases = leases;
        this.budget = budget;
        this.scans = scans;
        this.config = config;
        this.ttlMillis = config.leaseSeconds() * 1000L;
    }

    /** The workers one replica runs on one split load: SYNC_LOAD_THREADS, by default SYNC_LOAD_PARTITIONS. */
    int threads(int chunks) {
        int threads = config.loadThreads().orElse(config.loadPartitions());
        return Math.max(1, Math.min(chunks, threads));
    }

    /**
     * Loads chunks of {@code plan} as {@code owner} until none is left for this replica. With {@code untilDone}
     * (the table lease holder) it returns only when every chunk is done, waiting for chunks other replicas hold;
     * without, it returns as soon as no chunk is free. Each chunk's rows are added to {@code pass}'s counts.
     *
     * @return the indexes of the chunks this call finished
     * @throws LeaseLostException when {@code untilDone} and the plan was reset or replaced meanwhile
     */
    List<Integer> work(TablePass pass, SplitLoad plan, String owner, boolean untilDone, ScanLoop.AfterBatch after)
            throws Exception {
        return work(pass, plan, owner, untilDone, after, () -> false);
    }

    /**
     * {@link #work(TablePass, SplitLoad, String, boolean, ScanLoop.AfterBatch)} that also ends, after the current
     * page, once {@code leave} says so (checked after every page and before every chunk).
     */
    List<Integer> work(TablePass pass, SplitLoad plan, String owner, boolean untilDone, ScanLoop.AfterBatch after,
            java.util.function.BooleanSupplier leave) throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        List<Integer> finished = java.util.Collections.synchronizedList(new ArrayList<>());
        List<ParallelRunner.Named> tasks = new ArrayList<>();
        int threads = threads(plan.chunks().size());
        for (int i = 0; i < threads; i++) {
            tasks.add(new ParallelRunner.Named("range-" + i,
                    () -> worker(pass, plan, owner, untilDone, after, () -> failed.get() || leave.getAsBoolean(),
                            finished)));
        }
        ParallelRunner.runAll("range", tasks, threads, failed);
        return finished;
    }

    private void worker(TablePass pass, SplitLoad plan, String owner, boolean untilDone, ScanLoop.AfterBatch after,
            java.util.function.BooleanSupplier stop, List<Integer> finished) throws Exception {
        long pause = Math.max(100, Math.min(2000, ttlMillis / 10));
        while (!stop.getAsBoolean()) {
            SplitLoad now = store.load(pass.name());
            if (now == null || !now.plan().equals(plan.plan())) {
                if (untilDone) {
                    throw new LeaseLostException(pass.name(), "the split load of " + pass.name()
                            + " was reset or planned anew by another replica");
                }
                return;
            }
            boolean open = false;
            boolean took = false;
            for (Chunk c : now.chunks()) {
                if (!c.range().done()) {
                    open = true;
                    took = loadChunk(pass, now, c.index(), owner, after, stop, finished);
                    if (took) {
                        break;
                    }
                }
            }
            if (!open || !took && !untilDone) {
                return;
            }
            if (!took) { // every open chunk is held by another replica: wait for it to finish or its lease to expire
                pass.listener().beforeWrite(); // keeps the table lease (and tells the watchdog this table is alive)
                Thread.sleep(pause);
            }
        }
    }

    /** Loads chunk {@code index} if its lease can be taken; false when another worker or replica holds it. */
    private boolean loadChunk(TablePass pass, SplitLoad plan, int index, String owner, ScanLoop.AfterBatch after,
            java.util.function.BooleanSupplier stop, List<Integer> finished) throws Exception {
        String id = LeaseStore.chunkId(pass.name(), index);
        if (!loading.add(id)) {
            return false;
        }
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped before taking chunk " + index + " of " + pass.name());
            }
            long takenAt = System.nanoTime(); // before the request: the local deadline errs on the early side
            Lease lease;
            try {
                lease = leases.take(id, owner, ttlMillis);
            } catch (RuntimeException e) {
                // The take may have reached the server before it failed (an interrupt at shutdown, a lost reply):
                // give back whatever this owner may hold, so the chunk does not wait for the lease time.
                releaseQuietly(id, owner);
                throw e;
            }
            if (lease == null) {
                return false;
            }
            try {
                LoadRange range = store.claim(pass.name(), plan.plan(), index, lease);
                if (!range.done()) {
                    LeaseKeeper keeper = new LeaseKeeper(leases, lease, takenAt, ttlMillis,
                            budget.writeBudgetMillis() * 1_000_000L, System::nanoTime);
                    if (scan(pass, plan, index, range, keeper, after, stop)) {
                        finished.add(index);
                    }
                }
                return true;
            } finally {
                leases.release(id, owner);
            }
        } finally {
            loading.remove(id);
        }
    }

    private void releaseQuietly(String id, String owner) {
        try {
            leases.release(id, owner);
        } catch (RuntimeException e) {
            LOG.debugf("Chunk lease %s not given back: %s", id, e.getMessage());
        }
    }

    /** Scans one chunk from its stored position; true when it reached the chunk's end and stored it as done. */
    private boolean scan(TablePass pass, SplitLoad plan, int index, LoadRange range, LeaseKeeper keeper,
            ScanLoop.AfterBatch after, java.util.function.BooleanSupplier stop) throws Exception {
        if (range.position() != null) {
            LOG.infof("Table %s: chunk %d resumed by %s after key %s (chunk lease epoch %d)", pass.name(), index,
                    keeper.lease().owner(), java.util.Arrays.toString(range.position()), keeper.lease().epoch());
        }
        Counts counts = new Counts();
        TablePass part = new TablePass(pass.table(), counts, pass.progress(), new PageListener() {
            @Override
            public void beforeWrite() {
                pass.listener().beforeWrite();
                keeper.beforeWrite();
            }

            @Override
            public void beforeSend() {
                pass.listener().beforeSend();
                keeper.beforeWrite();
            }

            @Override
            public WriteFence fence() {
                return WriteFence.checking(() -> pass.fence().lease(), this::beforeSend);
            }
        });
        // The chunk's positions are fenced by the chunk lease (the same checks before each save).
        WriteFence chunk = WriteFence.checking(keeper::lease, part.listener()::beforeSend);
        ColumnInfo lead = part.table().schema().primaryKey().get(0);
        KeysetQuery query = KeysetQuery.byPrimaryKey(part.table().schema(),
                KeysetChangeSource.rangeFilter(lead, range.lower(), range.upper()));
        KeyPosition start = range.position() == null ? KeyPosition.start() : KeyPosition.after(range.position());
        WriteMode mode = WriteMode.load(plan.fresh() && range.position() == null);
        LoadRange[] current = {range};
        try {
            // The scan loop checks the table and chunk leases after each page was read, right before it is written.
            boolean complete = scans.sync(part, scans.keyset(part.table(), query, start, null, -1), mode, (key, fence) -> {
                current[0] = current[0].at(key);
                store.save(part.name(), plan.plan(), index, current[0], chunk);
            }, after, stop);
            if (complete) {
                store.save(part.name(), plan.plan(), index, current[0].finished(), chunk);
            }
            return complete;
        } finally {
            pass.counts().add(counts);
        }
    }
}
