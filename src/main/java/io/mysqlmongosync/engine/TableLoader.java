package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.sink.TargetDatabase;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetChangeSource;
import io.mysqlmongosync.source.KeysetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The initial load (or a full re-read) of a table: a keyset scan over the primary key from the checkpoint's load
 * position, or, for a large table with an integer leading key column, several key ranges at once, each with its
 * own position. Hands over the incremental checkpoint only when every range is done.
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

    TableLoader(Scans scans, Checkpoints checkpoints, LoadPlanner planner, TargetDatabase targets,
            SyncMetrics metrics) {
        this.scans = scans;
        this.checkpoints = checkpoints;
        this.planner = planner;
        this.targets = targets;
        this.metrics = metrics;
    }

    /** Loads {@code pass}'s table from {@code cp}; returns the incremental checkpoint the finished load stored. */
    TableCheckpoint load(TablePass pass, TableCheckpoint cp) throws Exception {
        boolean untouched = cp.loadPosition() == null && (cp.loadRanges() == null
                || cp.loadRanges().stream().allMatch(r -> r.position() == null && !r.done()));
        // A fresh load into an empty collection cannot meet existing documents: skip the per-page read of their
        // _sync fields (upserts stay idempotent, so a replayed page is still harmless).
        boolean fresh = pass.table().ownCollection() && untouched
                && targets.collection(pass.table().collection()).estimatedDocumentCount() == 0;
        if (cp.loadPosition() == null && cp.loadRanges() == null) {
            List<LoadRange> ranges = planner.planRanges(pass.table().schema());
            if (ranges != null) {
                cp = cp.withLoadRanges(ranges);
                checkpoints.save(pass.name(), cp);
            }
        }
        AtomicLong lastLog = new AtomicLong(System.nanoTime());
        if (cp.loadRanges() != null) {
            loadRanges(pass, cp.loadRanges(), WriteMode.load(fresh), lastLog);
        } else {
            KeyPosition start = cp.loadPosition() == null ? KeyPosition.start() : KeyPosition.after(cp.loadPosition());
            TableCheckpoint[] current = {cp};
            scans.sync(pass, scans.keyset(pass.table(), KeysetQuery.byPrimaryKey(pass.table().schema(), null), start,
                    null, -1), WriteMode.load(fresh), key -> {
                        current[0] = current[0].withLoadPosition(key);
                        checkpoints.save(pass.name(), current[0]);
                    }, batch -> logProgress(pass, lastLog), () -> false);
            cp = current[0];
        }
        TableCheckpoint done = cp.loadFinished();
        checkpoints.save(pass.name(), done);
        return done;
    }

    /**
     * Loads the unfinished {@code ranges} at once, one thread each, and waits for all of them. Each range stores
     * its own position after each acknowledged page; when one range fails, the others stop after their current
     * page and the first failure is thrown.
     */
    private void loadRanges(TablePass pass, List<LoadRange> ranges, WriteMode mode, AtomicLong lastLog)
            throws Exception {
        pass.progress().partitions(ranges.size());
        AtomicBoolean failed = new AtomicBoolean();
        List<Counts> parts = new ArrayList<>();
        List<ParallelRunner.Named> tasks = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            LoadRange range = ranges.get(i);
            if (range.done()) {
                continue;
            }
            int index = i;
            TablePass part = new TablePass(pass.table(), new Counts(), pass.progress(), pass.listener());
            parts.add(part.counts());
            tasks.add(new ParallelRunner.Named("range-" + i, () -> loadRange(part, index, range, mode, lastLog,
                    failed)));
        }
        try {
            ParallelRunner.runAll(tasks, tasks.size(), failed);
        } finally {
            parts.forEach(pass.counts()::add);
        }
    }

    private void loadRange(TablePass part, int index, LoadRange range, WriteMode mode, AtomicLong lastLog,
            AtomicBoolean failed) throws Exception {
        ColumnInfo lead = part.table().schema().primaryKey().get(0);
        KeysetQuery query = KeysetQuery.byPrimaryKey(part.table().schema(),
                KeysetChangeSource.rangeFilter(lead, range.lower(), range.upper()));
        KeyPosition start = range.position() == null ? KeyPosition.start() : KeyPosition.after(range.position());
        LoadRange[] current = {range};
        boolean complete = scans.sync(part, scans.keyset(part.table(), query, start, null, -1), mode, key -> {
            current[0] = current[0].at(key);
            checkpoints.saveRange(part.name(), index, current[0]);
        }, batch -> logProgress(part, lastLog), failed::get);
        if (complete) {
            checkpoints.saveRange(part.name(), index, current[0].finished());
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
