package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.mapping.spec.Violation;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.metrics.SyncMetrics.Outcome;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.source.DatabaseClock;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetPageReader;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.Page;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.Conflict;
import io.mysqlmongosync.sink.ConflictStore;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.LoadRange;
import io.mysqlmongosync.sink.TableCheckpoint;
import io.mysqlmongosync.sink.TargetDocument;
import io.mysqlmongosync.sink.WriteOutcome;
import io.mysqlmongosync.sink.WritePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Syncs one table per the correctness rules in the README's "Architecture" section: a keyset initial load that hands the
 * database clock read before it over as the change cursor, then incremental keyset passes on
 * (change column, primary key) bounded by a frozen upper bound, with a look-back window, and a checkpoint
 * after every acknowledged page. A large table's initial load may run as several primary-key ranges at once.
 */
@ApplicationScoped
public class TableSynchronizer {

    private static final Logger LOG = Logger.getLogger(TableSynchronizer.class);
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;

    private final KeysetPageReader reader;
    private final BulkUpserter writer;
    private final CheckpointStore checkpoints;
    private final DatabaseClock clock;
    private final SyncConfig config;
    private final SyncMetrics metrics;
    private final FieldProtector protector;
    private final java.time.ZoneId zone;
    private final ConflictStore conflictStore;
    private final Reconciler reconciler;
    private final io.mysqlmongosync.sink.TargetDatabase targets;
    private final java.util.concurrent.ExecutorService readAhead = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sync-read-ahead");
        t.setDaemon(true);
        return t;
    });
    private final boolean markDeletes;
    private final Embedder embedder;
    private final TableCatalog catalog;

    TableSynchronizer(KeysetPageReader reader, BulkUpserter writer, CheckpointStore checkpoints, DatabaseClock clock,
            SyncConfig config, SyncMetrics metrics, ConflictStore conflictStore, Reconciler reconciler,
            io.mysqlmongosync.sink.TargetDatabase targets, FieldProtector protector, Embedder embedder,
            TableCatalog catalog) {
        this.catalog = catalog;
        this.embedder = embedder;
        this.protector = protector;
        this.targets = targets;
        this.reconciler = reconciler;
        this.conflictStore = conflictStore;
        this.markDeletes = "mark".equalsIgnoreCase(config.softDeleteMode());
        this.reader = reader;
        this.writer = writer;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
        this.zone = java.time.ZoneId.of(config.sourceTimeZone());
    }

    /** Called after every acknowledged page (renews the table lease); from several threads during a split load. */
    @FunctionalInterface
    public interface PageListener {
        /** A page was written and checkpointed. */
        void pageDone();
    }

    /**
     * Runs one pass over {@code table}; {@code forceFull} reloads it from scratch, {@code reconcile} also removes
     * documents whose rows were hard-deleted (done anyway every SYNC_RECONCILE_EVERY_RUNS passes).
     */
    public TableResult sync(TableContext table, boolean forceFull, boolean reconcile, TableProgress progress,
            PageListener listener) throws SQLException {
        long start = System.nanoTime();
        metrics.table(table.name());
        metrics.rules(table.name(), table.mapper().mapping().rules().stream().map(r -> r.id()).toList());
        Counts counts = new Counts();
        TableSchema schema = table.schema();
        TableCheckpoint cp = forceFull ? null : checkpoints.load(table.name()).orElse(null);
        if (cp == null) {
            handOverEmbedded(table);
        }
        String mode;
        if (schema.changeColumn().isEmpty()) {
            mode = "full";
            progress.mode(mode);
            if (cp == null || cp.phase() == TableCheckpoint.Phase.INCREMENTAL) {
                cp = TableCheckpoint.initial(clock.now());
            }
            load(table, cp, counts, progress, listener);
        } else {
            if (cp == null || cp.phase() == TableCheckpoint.Phase.INITIAL) {
                mode = "initial";
                progress.mode(mode);
                if (cp == null) {
                    cp = TableCheckpoint.initial(clock.now());
                    checkpoints.save(table.name(), cp);
                }
                cp = load(table, cp, counts, progress, listener);
            } else {
                mode = "incremental";
            }
            progress.mode(mode);
            incremental(table, cp, counts, progress, listener);
        }
        long passes = checkpoints.countPass(table.name());
        if (reconcile || (config.reconcileEveryRuns() > 0 && passes % config.reconcileEveryRuns() == 0)) {
            long removed = table.ownCollection() ? reconciler.deleteOrphans(table) : 0;
            if (removed > 0) {
                counts.hardDeleted += removed;
                metrics.rows(table.name(), Outcome.DELETED, removed);
            }
            for (Relationship r : table.feeds()) {
                if (r.many()) {
                    long refreshed = embedder.refreshAll(r);
                    if (refreshed > 0) {
                        LOG.infof("Table %s: %d %s documents had their %s re-read (rows deleted in MySQL)", table.name(),
                                refreshed, r.parent(), r.as());
                    }
                }
            }
        }
        metrics.pending(table.name(), 0);
        long ms = (System.nanoTime() - start) / 1_000_000;
        return counts.result(table.name(), mode, ms);
    }

    /**
     * A table starting its first load reads the current rows of the tables it embeds, so those tables' own first
     * load would only rewrite the same copies: a table read only to be embedded, with no checkpoint yet, starts
     * incremental at the database time read now, before the load reads any of its rows.
     */
    private void handOverEmbedded(TableContext table) throws SQLException {
        for (Relationship r : table.embeds()) {
            TableContext source = catalog.table(r.source()).orElse(null);
            if (source != null && !source.ownCollection() && source.schema().changeColumn().isPresent()
                    && checkpoints.load(source.name()).isEmpty()) {
                checkpoints.save(source.name(), TableCheckpoint.initial(clock.now()).loadFinished());
            }
        }
    }

    /**
     * The initial load (or a full re-read): keyset over the primary key from the checkpoint's load position, or,
     * for a large table with an integer leading key column, over several key ranges at once, each with its own
     * position. Returns the incremental checkpoint, handed over only when every range is done.
     */
    private TableCheckpoint load(TableContext table, TableCheckpoint cp, Counts counts, TableProgress progress,
            PageListener listener) throws SQLException {
        boolean untouched = cp.loadPosition() == null && (cp.loadRanges() == null
                || cp.loadRanges().stream().allMatch(r -> r.position() == null && !r.done()));
        // A fresh load into an empty collection cannot meet existing documents: skip the per-page read of their
        // _sync fields (upserts stay idempotent, so a replayed page is still harmless).
        boolean fresh = table.ownCollection() && untouched
                && targets.collection(table.collection()).estimatedDocumentCount() == 0;
        if (cp.loadPosition() == null && cp.loadRanges() == null) {
            List<LoadRange> ranges = planRanges(table.schema());
            if (ranges != null) {
                cp = cp.withLoadRanges(ranges);
                checkpoints.save(table.name(), cp);
            }
        }
        AtomicLong lastLog = new AtomicLong(System.nanoTime());
        if (cp.loadRanges() != null) {
            loadRanges(table, cp.loadRanges(), fresh, counts, progress, listener, lastLog);
        } else {
            KeyPosition position = cp.loadPosition() == null ? KeyPosition.start() : KeyPosition.after(cp.loadPosition());
            TableCheckpoint[] current = {cp};
            loadScan(table, KeysetQuery.byPrimaryKey(table.schema(), null), position, fresh, counts, progress, listener,
                    lastLog, key -> {
                        current[0] = current[0].withLoadPosition(key);
                        checkpoints.save(table.name(), current[0]);
                    }, () -> false);
            cp = current[0];
        }
        TableCheckpoint done = cp.loadFinished();
        checkpoints.save(table.name(), done);
        return done;
    }

    /**
     * The key ranges a fresh load of {@code schema} is split into, or null to load it in one scan: when
     * SYNC_LOAD_PARTITIONS is 1, the row estimate is below SYNC_LOAD_PARTITION_MIN_ROWS, or the leading key
     * column is not an integer (other types have no cheap, even split).
     */
    private List<LoadRange> planRanges(TableSchema schema) throws SQLException {
        if (config.loadPartitions() < 2 || schema.estimatedRows() < config.loadPartitionMinRows()
                || schema.primaryKey().isEmpty()) {
            return null;
        }
        ColumnInfo lead = schema.primaryKey().get(0);
        if (lead.kind() != ColumnKind.INT32 && lead.kind() != ColumnKind.INT64) {
            return null;
        }
        long[] minMax = reader.keyRange(schema, lead);
        List<LoadRange> ranges = minMax == null ? null : LoadRange.split(minMax[0], minMax[1], config.loadPartitions());
        if (ranges != null) {
            LOG.infof("Loading %s in %d key ranges of %s (%d..%d)", schema.name(), ranges.size(), lead.name(),
                    minMax[0], minMax[1]);
        }
        return ranges;
    }

    /**
     * Loads the unfinished {@code ranges} at once, one thread each, and waits for all of them. Each range stores
     * its own position after each acknowledged page; when one range fails, the others stop after their current
     * page and the first failure is thrown.
     */
    private void loadRanges(TableContext table, List<LoadRange> ranges, boolean fresh, Counts counts,
            TableProgress progress, PageListener listener, AtomicLong lastLog) throws SQLException {
        progress.partitions(ranges.size());
        ColumnInfo lead = table.schema().primaryKey().get(0);
        AtomicBoolean failed = new AtomicBoolean();
        Map<String, Object> mdc = MDC.getMap();
        String caller = Thread.currentThread().getName();
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (!ranges.get(i).done()) {
                open.add(i);
            }
        }
        if (open.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(open.size(), r -> {
            Thread t = new Thread(r, caller + "/range");
            t.setDaemon(true);
            return t;
        });
        List<Counts> parts = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int i : open) {
                Counts part = new Counts();
                parts.add(part);
                LoadRange range = ranges.get(i);
                KeysetQuery query = KeysetQuery.byPrimaryKey(table.schema(), rangeFilter(lead, range));
                KeyPosition start = range.position() == null ? KeyPosition.start() : KeyPosition.after(range.position());
                running.add(pool.submit(() -> {
                    Thread.currentThread().setName(caller + "/range-" + i);
                    if (mdc != null) {
                        mdc.forEach(MDC::put);
                    }
                    LoadRange[] current = {range};
                    try {
                        boolean complete = loadScan(table, query, start, fresh, part, progress, listener, lastLog, key -> {
                            current[0] = current[0].at(key);
                            checkpoints.saveRange(table.name(), i, current[0]);
                        }, failed::get);
                        if (complete) {
                            checkpoints.saveRange(table.name(), i, current[0].finished());
                        }
                        return null;
                    } catch (Exception | Error e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            Throwable first = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    first = first == null ? e : first;
                }
            }
            parts.forEach(counts::add);
            if (first instanceof SQLException s) {
                throw s;
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
            if (first != null) {
                throw new SQLException("loading " + table.name() + " failed: " + first.getMessage(), first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The SQL condition of one key range on the leading key column (bounds are numbers, so safe to inline). */
    private static String rangeFilter(ColumnInfo lead, LoadRange range) {
        String c = KeysetQuery.quote(lead.name());
        if (range.lower() != null && range.upper() != null) {
            return c + " >= " + range.lower() + " AND " + c + " < " + range.upper();
        }
        return range.lower() != null ? c + " >= " + range.lower() : range.upper() != null ? c + " < " + range.upper() : null;
    }

    /**
     * One keyset scan of a load: writes each page, then stores its last key through {@code sink}. Returns false
     * when it stopped early because {@code stop} said so (a sibling range failed), true at the end of the scan.
     */
    private boolean loadScan(TableContext table, KeysetQuery query, KeyPosition position, boolean fresh, Counts counts,
            TableProgress progress, PageListener listener, AtomicLong lastLog, CursorSink sink,
            java.util.function.BooleanSupplier stop) throws SQLException {
        try (PageStream pages = new PageStream(reader, query, converterFor(table), position, null, config.batchSize(),
                readAhead)) {
            for (Page page = pages.next(); page != null; page = pages.next()) {
                loadPage(table, page, fresh, counts);
                sink.save(page.lastKey());
                listener.pageDone();
                progress.advance(page.size());
                metrics.pending(table.name(), progress.estimatedTotal() - progress.done());
                long last = lastLog.get();
                if (System.nanoTime() - last > PROGRESS_LOG_NANOS && lastLog.compareAndSet(last, System.nanoTime())) {
                    LOG.infof("Loading %s: %d / ~%d rows (%.0f%%), %.0f rows/s, ETA %ds", table.name(), progress.done(),
                            progress.estimatedTotal(), progress.fraction() * 100, progress.rowsPerSecond(),
                            progress.etaSeconds());
                }
                if (stop.getAsBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void incremental(TableContext table, TableCheckpoint cp, Counts counts, TableProgress progress,
            PageListener listener) throws SQLException {
        TableSchema schema = table.schema();
        ColumnInfo change = schema.changeColumn().orElseThrow();
        String upper = DatabaseClock.minus(clock.now(), Duration.ofSeconds(config.safetyLagSeconds()));
        TableCheckpoint[] current = {cp};
        scan(table, KeysetQuery.byChange(schema, change, null), cp.cursor(), upper, counts, progress, listener, key -> {
            current[0] = current[0].withCursor(key);
            checkpoints.save(table.name(), current[0]);
        });
        if (change.nullable()) {
            String isNull = KeysetQuery.quote(change.name()) + " IS NULL";
            if (schema.createdColumn().isPresent()) {
                scan(table, KeysetQuery.byChange(schema, schema.createdColumn().get(), isNull), cp.nullCursor(), upper,
                        counts, progress, listener, key -> {
                            current[0] = current[0].withNullCursor(key);
                            checkpoints.save(table.name(), current[0]);
                        });
            } else {
                fullScan(table, KeysetQuery.byPrimaryKey(schema, isNull), counts, progress, listener);
            }
        }
    }

    /** Saves a cursor after a page. */
    @FunctionalInterface
    private interface CursorSink {
        void save(Object[] key);
    }

    /**
     * One bounded keyset scan on (time column, pk) from {@code cursor} minus the look-back window up to
     * {@code upper}. The stored cursor only moves forward. Returns the final cursor.
     */
    private Object[] scan(TableContext table, KeysetQuery query, Object[] cursor, String upper, Counts counts,
            TableProgress progress, PageListener listener, CursorSink sink) throws SQLException {
        Object[] stored = cursor;
        // Rows at or before the stored cursor were validated and reported by an earlier pass; the look-back
        // window re-reads them to catch late commits, but does not report the same bad row again.
        long reportedUpTo = cursor == null ? -1 : micros(cursor[0]);
        try (PageStream pages = new PageStream(reader, query, converterFor(table), startOf(cursor), upper,
                config.batchSize(), readAhead)) {
            for (Page page = pages.next(); page != null; page = pages.next()) {
                write(table, page, counts, true, reportedUpTo, false);
                if (stored == null || !before(page.lastKey()[0], stored[0])) {
                    stored = page.lastKey();
                    sink.save(stored);
                }
                listener.pageDone();
                progress.advance(page.size());
            }
        }
        return stored;
    }

    private void fullScan(TableContext table, KeysetQuery query, Counts counts, TableProgress progress,
            PageListener listener) throws SQLException {
        try (PageStream pages = new PageStream(reader, query, converterFor(table), KeyPosition.start(), null,
                config.batchSize(), readAhead)) {
            for (Page page = pages.next(); page != null; page = pages.next()) {
                write(table, page, counts, false, -1, false);
                listener.pageDone(); // keeps the lease (and its write deadline) checked on long scans too
                progress.advance(page.size());
            }
        }
    }

    /**
     * The converter a sync scan of {@code table} reads with: rows encoded straight to their stored BSON when the
     * document is exactly the converted row (the common case: no renames, computed fields, embedding, protection,
     * soft deletes or validation notes, and the strategy maps by the mapping file only), else the plain converter
     * whose documents the mapping steps of {@link #preparePage} change.
     */
    RowConverter converterFor(TableContext table) {
        DocumentMapper mapper = table.mapper();
        boolean plain = table.ownCollection() && mapper.identity() && !mapper.noteInvalid()
                && table.embeds().isEmpty() && table.feeds().isEmpty() && table.softDeleteColumn() == null
                && !protector.protects(table.name()) && mapsByFileOnly(table.strategy());
        if (!plain) {
            return table.converter();
        }
        java.util.Set<String> checked = new java.util.HashSet<>();
        mapper.mapping().rules().forEach(r -> checked.add(r.field()));
        RowConverter encoding = table.converter().encoding(table.name(), checked);
        return encoding == null ? table.converter() : encoding;
    }

    /** Whether {@code strategy} keeps the default {@code map} (the mapping file decides everything). */
    private static boolean mapsByFileOnly(io.mysqlmongosync.mapping.strategy.SyncStrategy strategy) {
        try {
            Class<?> type = io.quarkus.arc.ClientProxy.unwrap(strategy).getClass();
            return type.getMethod("map", Document.class, DocumentMapper.class).getDeclaringClass().isInterface();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false; // cannot tell (e.g. no reflection data in a native image): the plain path is always right
        }
    }

    private KeyPosition startOf(Object[] cursor) {
        if (cursor == null) {
            return KeyPosition.start();
        }
        if (config.lookbackSeconds() > 0) {
            return KeyPosition.from(DatabaseClock.minus((String) cursor[0], config.lookback()));
        }
        return cursor.length == 1 ? KeyPosition.from(cursor[0]) : KeyPosition.after(cursor);
    }

    private long micros(Object mysqlTime) {
        Long us = TypeConverter.epochMicros((String) mysqlTime, zone);
        return us == null ? -1 : us;
    }

    private static boolean before(Object a, Object b) {
        LocalDateTime x = TypeConverter.parseDateTime((String) a);
        LocalDateTime y = TypeConverter.parseDateTime((String) b);
        return x != null && y != null && x.isBefore(y);
    }

    private void loadPage(TableContext table, Page page, boolean fresh, Counts counts) throws SQLException {
        write(table, page, counts, false, -1, fresh);
    }

    private void write(TableContext table, Page page, Counts counts, boolean measureLag, long reportedUpTo,
            boolean assumeNew) throws SQLException {
        String name = table.name();
        counts.read += page.size();
        long rejected = 0;
        // A row rejected again in the look-back window was reported by an earlier pass: it counts as re-read and
        // unchanged (its outcome did not change), so the pass's counts still add up to the rows read.
        long rejectedAgain = 0;
        for (Page.RowFailure f : page.failures()) {
            if (f.version() > reportedUpTo || f.version() == 0) {
                LOG.warnf("Skipped row of table %s (%s): %s", name, f.key(), f.problem());
                metrics.error("conversion");
                metrics.validationFailures(name, "rejected", "conversion", 1);
                rejected++;
            } else {
                counts.reread++;
                rejectedAgain++;
            }
        }
        List<TargetDocument> docs = new ArrayList<>(page.rows().size());
        List<Object> deletes = new ArrayList<>(0);
        long newest = 0;
        List<Prepared> prepared = preparePage(table, page.rows(), new Date());
        for (int i = 0; i < prepared.size(); i++) {
            SourceRow row = page.rows().get(i);
            Prepared p = prepared.get(i);
            // Rows at or before the stored cursor were reported by an earlier pass (the look-back re-reads them).
            boolean report = row.version() > reportedUpTo || row.version() == 0;
            if (!report) {
                counts.reread++;
                if (p.document() == null && !p.delete()) {
                    rejectedAgain++;
                }
            }
            if (report) {
                for (String w : row.warnings()) {
                    LOG.warnf("Row of table %s (_id=%s): %s", name, row.id(), w);
                }
                counts.warnings += row.warnings().size();
                metrics.validationFailures(name, "warning", "conversion", row.warnings().size());
                if (!p.problems().isEmpty()) {
                    String kind = p.document() == null ? "rejected" : "noted";
                    LOG.warnf(p.document() == null ? "Skipped row of table %s (_id=%s): %s"
                            : "Row of table %s (_id=%s) written with a _validation note: %s", name, row.id(),
                            Violation.messages(p.problems()));
                    p.problems().forEach(v -> metrics.validationFailures(name, kind, v.rule(), 1));
                    if (p.document() == null) {
                        rejected++;
                    } else {
                        counts.warnings++;
                    }
                }
            }
            if (p.delete()) {
                deletes.add(row.id());
            } else if (p.document() != null) {
                docs.add(p.document());
                newest = Math.max(newest, row.version());
            }
        }
        counts.skipped += rejected;
        counts.unchanged += rejectedAgain;
        metrics.rows(name, Outcome.SKIPPED, rejected);
        if (!table.feeds().isEmpty()) {
            long refreshed = embedder.refresh(table, page.rows());
            if (!table.ownCollection()) {
                counts.updated += refreshed;
                metrics.rows(name, Outcome.UPDATED, refreshed);
                return;
            }
        }
        if (!table.ownCollection()) {
            return;
        }
        WritePolicy policy = assumeNew ? policyFor(table).assumingNew() : policyFor(table);
        WriteOutcome out = writer.write(table.collection(), docs, deletes, policy);
        counts.add(out);
        // The delete of a document that is already gone, and a row superseded by a later copy of the same key in
        // the page, change nothing: unchanged, so every row read is counted exactly once.
        counts.unchanged += Math.max(0, docs.size() + deletes.size()
                - (out.created() + out.updated() + out.unchanged() + out.conflict() + out.deleted()));
        if (!out.conflicts().isEmpty()) {
            for (Conflict c : out.conflicts()) {
                LOG.warnf("Conflict in table %s (_id=%s): MongoDB side changed after the sync; %s wins (%s)", name,
                        c.id(), c.winner(), config.conflictPolicy());
            }
            conflictStore.record(name, table.collection(), config.conflictPolicy(), out.conflicts());
        }
        metrics.rows(name, Outcome.CREATED, out.created());
        metrics.rows(name, Outcome.UPDATED, out.updated());
        metrics.rows(name, Outcome.UNCHANGED, out.unchanged());
        metrics.rows(name, Outcome.CONFLICT, out.conflict());
        metrics.rows(name, Outcome.DELETED, out.deleted());
        if (measureLag && newest > 0 && out.created() + out.updated() > 0) {
            metrics.lag(name, (System.currentTimeMillis() * 1000 - newest) / 1e6);
        }
    }

    /**
     * What a converted row becomes: a document to write (with a {@code _validation} note when the mapping says
     * so), a delete (soft-deleted row in remove mode), or nothing when it breaks rules ({@code problems}).
     */
    record Prepared(TargetDocument document, boolean delete, List<Violation> problems) {
        static final Prepared DELETE = new Prepared(null, true, List.of());
    }

    /**
     * Protects, maps, validates, embeds and wraps one page of rows (one result per row, in order); shared by sync
     * passes and verification.
     */
    List<Prepared> preparePage(TableContext table, List<SourceRow> rows, Date now) throws SQLException {
        Prepared[] out = new Prepared[rows.size()];
        List<Integer> staged = new ArrayList<>(rows.size());
        List<SourceRow> stagedRows = new ArrayList<>(rows.size());
        List<Document> stagedDocs = new ArrayList<>(rows.size());
        List<List<Violation>> stagedProblems = new ArrayList<>(rows.size());
        List<Boolean> stagedDeleted = new ArrayList<>(rows.size());
        boolean protects = protector.protects(table.name());
        for (int i = 0; i < rows.size(); i++) {
            SourceRow row = rows.get(i);
            boolean softDeleted = table.softDeleted(row.document());
            if (softDeleted && !markDeletes) {
                out[i] = Prepared.DELETE;
                continue;
            }
            // Protection comes first, on a copy: computed fields and embedded copies never see a protected value.
            Document source = protects ? protector.protect(table.name(), new Document(row.document())) : row.document();
            DocumentMapper.Mapped mapped = table.strategy().map(source, table.mapper());
            List<Violation> problems = softDeleted ? List.of() : mapped.violations();
            if (!problems.isEmpty() && !table.mapper().noteInvalid()) {
                out[i] = new Prepared(null, false, problems);
                continue;
            }
            staged.add(i);
            stagedRows.add(row);
            stagedDocs.add(mapped.document());
            stagedProblems.add(problems);
            stagedDeleted.add(softDeleted);
        }
        if (!table.embeds().isEmpty() && !staged.isEmpty()) {
            embedder.fill(table, stagedRows, stagedDocs);
        }
        for (int k = 0; k < staged.size(); k++) {
            SourceRow row = stagedRows.get(k);
            List<Violation> problems = stagedProblems.get(k);
            if (row.encoded() != null) {
                // Encoded from the result set (see converterFor): the same bytes, hash included, as below.
                out[staged.get(k)] = new Prepared(new TargetDocument(row.id(), null, row.encoded().hash(),
                        row.version(), row.encoded().at(now)), false, problems);
                continue;
            }
            Document data = stagedDocs.get(k);
            if (!problems.isEmpty()) {
                data.put("_validation", notes(problems));
            }
            String hash = ContentHash.of(data);
            Document doc = new Document("_id", row.id());
            doc.putAll(data);
            if (stagedDeleted.get(k)) {
                doc.put("_deleted", true);
            }
            doc.put("_sync", new Document("table", table.name()).append("version", row.version()).append("hash", hash)
                    .append("synced_at", now));
            out[staged.get(k)] = new Prepared(new TargetDocument(row.id(), doc, hash, row.version()), false, problems);
        }
        return java.util.Arrays.asList(out);
    }

    /** The {@code _validation} note of a row written despite broken rules: one {rule, message} per problem. */
    static List<Document> notes(List<Violation> problems) {
        return problems.stream().map(v -> new Document("rule", v.rule()).append("message", v.message())).toList();
    }

    /**
     * Edits made in MongoDB are seen through the conflict field only when it is the table's change column (under
     * its document name, after renames).
     */
    WritePolicy policyFor(TableContext table) {
        String field = table.schema().changeColumn().map(c -> table.mapper().fieldOf(c.name()))
                .filter(f -> f != null && f.equals(config.conflictField())).orElse(null);
        return new WritePolicy(field, WritePolicy.ConflictPolicy.parse(config.conflictPolicy()), false, false);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        readAhead.shutdownNow();
    }

    /** Running totals of one table pass. */
    private static final class Counts {
        long read;
        long created;
        long updated;
        long unchanged;
        long skipped;
        long conflict;
        long deleted;
        long warnings;
        long reread;
        long hardDeleted;

        void add(Counts o) {
            read += o.read;
            created += o.created;
            updated += o.updated;
            unchanged += o.unchanged;
            skipped += o.skipped;
            conflict += o.conflict;
            deleted += o.deleted;
            warnings += o.warnings;
            reread += o.reread;
            hardDeleted += o.hardDeleted;
        }

        void add(WriteOutcome o) {
            created += o.created();
            updated += o.updated();
            unchanged += o.unchanged();
            conflict += o.conflict();
            deleted += o.deleted();
        }

        TableResult result(String table, String mode, long ms) {
            return new TableResult(table, "success", mode, read, created, updated, unchanged, skipped, conflict,
                    deleted, warnings, ms, null, null, reread, hardDeleted);
        }
    }
}
