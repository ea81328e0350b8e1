package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.ReplicaOwner;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.LoadChunkStore;
import io.mysqlmongosync.sink.LoadChunkStore.SplitLoad;
import io.mysqlmongosync.sink.TargetDatabase;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The initial load (or a full re-read) of a table: a keyset scan over the primary key from the checkpoint's load
 * position, or, for a large table with an integer leading key column, a split load: key ranges (chunks), each with
 * its own position, loaded by any replica that takes the chunk's lease ({@link LoadChunks}). The replica holding the
 * table lease plans the chunks, loads its share, waits for the chunks other replicas hold, and alone hands over to
 * the incremental checkpoint once every chunk is done (a save fenced by the table lease, so exactly once). A replica
 * that cannot take the table lease joins a planned, unfinished split load through {@link #help}.
 */
@ApplicationScoped
class TableLoader {

    private static final Logger LOG = Logger.getLogger(TableLoader.class);
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;

    private final Scans scans;
    private final Checkpoints checkpoints;
    private final LoadPlanner planner;
    private final TargetDatabase targets;
    private final SyncMetrics metrics;
    private final LoadChunks chunks;
    private final LoadChunkStore chunkStore;
    private final LeaseStore leases;

    TableLoader(Scans scans, Checkpoints checkpoints, LoadPlanner planner, TargetDatabase targets,
            SyncMetrics metrics, LoadChunks chunks, LoadChunkStore chunkStore, LeaseStore leases) {
        this.scans = scans;
        this.checkpoints = checkpoints;
        this.planner = planner;
        this.targets = targets;
        this.metrics = metrics;
        this.chunks = chunks;
        this.chunkStore = chunkStore;
        this.leases = leases;
    }

    /** Loads {@code pass}'s table from {@code cp}; returns the incremental checkpoint the finished load stored. */
    TableCheckpoint load(TablePass pass, TableCheckpoint cp) throws Exception {
        boolean untouched = cp.loadPosition() == null && (cp.loadRanges() == null
                || cp.loadRanges().stream().allMatch(r -> r.position() == null && !r.done()));
        // A fresh load into an empty collection cannot meet existing documents: skip the per-page read of their
        // _sync fields (upserts stay idempotent, so a replayed page is still harmless).
        boolean fresh = pass.table().ownCollection() && untouched
                && targets.seemsEmpty(pass.table().collection());
        if (cp.loadPosition() == null && cp.loadRanges() == null) {
            List<LoadRange> ranges = planner.planRanges(pass.table().schema());
            if (ranges != null) {
                cp = cp.withLoadRanges(ranges);
                checkpoints.save(pass.name(), cp, pass.fence());
            }
        }
        AtomicLong lastLog = new AtomicLong(System.nanoTime());
        if (cp.loadRanges() != null) {
            loadChunks(pass, fresh, lastLog);
        } else {
            KeyPosition start = cp.loadPosition() == null ? KeyPosition.start() : KeyPosition.after(cp.loadPosition());
            TableCheckpoint[] current = {cp};
            scans.sync(pass, scans.keyset(pass.table(), KeysetQuery.byPrimaryKey(pass.table().schema(), null), start,
                    null, -1), WriteMode.load(fresh), (key, fence) -> {
                        current[0] = current[0].withLoadPosition(key);
                        checkpoints.save(pass.name(), current[0], fence);
                    }, batch -> logProgress(pass, lastLog), () -> false);
            cp = current[0];
        }
        TableCheckpoint done = cp.loadFinished();
        checkpoints.save(pass.name(), done, pass.fence());
        return done;
    }

    /**
     * Loads the split load's chunks with this replica's workers until every chunk is done, also those other
     * replicas load (waiting for them, or taking over a chunk whose lease expired).
     */
    private void loadChunks(TablePass pass, boolean fresh, AtomicLong lastLog) throws Exception {
        SplitLoad plan = chunkStore.load(pass.name());
        if (plan == null) {
            throw new LeaseLostException(pass.name(), "the split load of " + pass.name() + " was reset");
        }
        if (fresh && !plan.fresh()) {
            chunkStore.markFresh(pass.name(), plan.plan(), true);
            plan = new SplitLoad(plan.plan(), true, plan.chunks());
        }
        pass.progress().partitions(plan.chunks().size());
        Lease table = leases.held(pass.name());
        String owner = table != null ? table.owner() : ReplicaOwner.ofHost();
        List<Integer> mine = chunks.work(pass, plan, owner, true, batch -> logProgress(pass, lastLog));
        LOG.debugf("Table %s: %s loaded chunks %s of %d", pass.name(), owner, mine, plan.chunks().size());
    }

    /**
     * Joins {@code table}'s split initial load as {@code owner} while another replica ({@code holder}) holds the
     * table lease: loads chunks nobody holds until none is free, or until {@code holderGone} (asked at most every
     * {@code checkMillis}, after a page or between chunks) says the holder's table lease ran out, so that the caller
     * takes the table over without waiting for its next run. The result's table result is this run's for the table
     * (status {@code skipped}: the table is the holder's, with the rows this replica loaded), or null when there was
     * no planned, unfinished split load to join or no chunk free.
     */
    Helped help(TableContext table, String owner, String holder, PageListener listener, BooleanSupplier holderGone,
            long checkMillis) {
        SplitLoad plan = chunkStore.load(table.name());
        if (plan == null || plan.finished()) {
            return new Helped(null, false);
        }
        long start = System.nanoTime();
        TablePass pass = new TablePass(table, new Counts(), new TableProgress(table.name(),
                SyncMode.INITIAL.wire(), table.schema().estimatedRows()), listener);
        pass.progress().partitions(plan.chunks().size());
        Latch gone = new Latch(holderGone, checkMillis);
        String note;
        try {
            List<Integer> mine = chunks.work(pass, plan, owner, false, ScanLoop.AfterBatch.NONE, gone);
            if (mine.isEmpty() && pass.counts().result(table.name(), SyncMode.INITIAL, 0).read() == 0) {
                return new Helped(null, gone.set());
            }
            note = "loaded chunks " + mine + " of its split load";
            LOG.infof("Table %s: %s %s (table lease held by %s)", table.name(), owner, note, holder);
        } catch (Exception e) {
            note = "stopped loading a chunk of its split load: " + e.getMessage();
            LOG.warnf("Table %s: %s %s", table.name(), owner, note);
        }
        TableResult r = pass.counts().result(table.name(), SyncMode.INITIAL, (System.nanoTime() - start) / 1_000_000);
        return new Helped(new TableResult(r.table(), TableStatus.SKIPPED.wire(), r.mode(), r.read(), r.created(),
                r.updated(), r.unchanged(), r.skipped(), r.conflict(), r.deleted(), r.warnings(), r.durationMillis(),
                "lease held by " + holder + "; this replica " + note, null, r.reread(), r.hardDeleted()), gone.set());
    }

    /**
     * What {@link #help} did: {@code result} is null when it loaded nothing; {@code holderGone} when it stopped because
     * the holder's table lease ran out.
     */
    record Helped(TableResult result, boolean holderGone) {
    }

    /** A condition asked at most every {@code everyMillis} that stays true once it was. */
    private static final class Latch implements BooleanSupplier {
        private final BooleanSupplier condition;
        private final long everyNanos;
        private final AtomicLong lastAsked = new AtomicLong(System.nanoTime());
        private volatile boolean set;

        Latch(BooleanSupplier condition, long everyMillis) {
            this.condition = condition;
            this.everyNanos = everyMillis * 1_000_000L;
        }

        @Override
        public boolean getAsBoolean() {
            long last = lastAsked.get();
            long now = System.nanoTime();
            if (!set && now - last >= everyNanos && lastAsked.compareAndSet(last, now)) {
                try {
                    set = condition.getAsBoolean();
                } catch (RuntimeException e) {
                    LOG.debugf("Could not check the table lease: %s", e.getMessage()); // asked again later
                }
            }
            return set;
        }

        boolean set() {
            return set;
        }
    }

    /** The pending-rows gauge after every page, and a progress line at most every ten seconds. */
    private void logProgress(TablePass pass, AtomicLong lastLog) {
        TableProgress progress = pass.progress();
        metrics.pending(pass.name(), progress.estimatedTotal() - progress.done());
        long last = lastLog.get();
        if (System.nanoTime() - last > PROGRESS_LOG_NANOS && lastLog.compareAndSet(last, System.nanoTime())) {
            LOG.infof("Loading %s: %d / ~%d rows (%.0f%%), %.0f rows/s, ETA %ds", pass.name(), progress.done(),
                    progress.estimatedTotal(), progress.fraction() * 100, progress.rowsPerSecond(),
                    progress.etaSeconds());
        }
    }
}
