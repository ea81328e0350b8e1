package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.port.WriteFence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.BeforeCapture;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.TablePass;
import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.sink.reverse.EditedDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The reverse direction of one table, run by every pass of an opted-in table before its forward capture (see
 * {@link BeforeCapture}: the edit reaches MySQL first, so the forward pass finds the row and its document equal
 * instead of treating the edit as a conflict). Polls the collection for documents edited since the last reverse
 * position ({@code _sync_checkpoints}, {@code _id: reverse:<table>}, minus SYNC_LOOKBACK_SECONDS for late edits),
 * writes each edit back ({@link TableWriteBack}) and stores the position after every page, only once every edit of
 * the page is in MySQL and its document settled. A crash replays at most one page: an edit already written has
 * been settled (its hash matches again) and is not written twice. Where inserts are on, the same poll also finds the
 * new documents (no {@code _sync}; they must carry the change field to be seen), inserted by
 * {@link TableInsertBack}; a replayed insert finds its row and only settles the document. Paused with the schedule,
 * like the forward pass.
 *
 * <p>With change streams ({@link ReverseCapture}) the table's stream ({@link ReverseStreams}) writes edits, new
 * documents and deletes back continuously instead; the pass then only makes sure it runs and waits (bounded) until
 * it has caught up, so the forward capture still finds the edits made before the pass in MySQL already.
 */
@ApplicationScoped
public class ReversePass implements BeforeCapture {

    /** The metric of edited and new documents by outcome and operation ({@code direction="reverse"}). */
    public static final String METRIC = "sync_reverse_documents";

    private static final Logger LOG = Logger.getLogger(ReversePass.class);

    /** How long a pass waits for the table's change stream to catch up before its forward capture. */
    static final long CATCH_UP_MILLIS = 10_000;

    private final ReverseTables tables;
    private final EditedDocuments documents;
    private final Checkpoints checkpoints;
    private final WriteBack writeBack;
    private final SyncConfig config;
    private final MeterRegistry registry;
    private final ReverseCapture capture;
    private final ReverseStreams streams;
    private final Map<String, ReverseResult> latest = new ConcurrentHashMap<>();

    ReversePass(ReverseTables tables, EditedDocuments documents, Checkpoints checkpoints, WriteBack writeBack,
            SyncConfig config, MeterRegistry registry, ReverseCapture capture, ReverseStreams streams) {
        this.tables = tables;
        this.documents = documents;
        this.checkpoints = checkpoints;
        this.writeBack = writeBack;
        this.config = config;
        this.registry = registry;
        this.capture = capture;
        this.streams = streams;
    }

    /** The checkpoint key of {@code table}'s reverse position. */
    public static String checkpointKey(String table) {
        return "reverse:" + table;
    }

    /** The latest reverse pass of each opted-in table that had one (with streams: the stream's totals so far). */
    public Map<String, ReverseResult> latest() {
        return Map.copyOf(latest);
    }

    /** Records {@code result} as {@code result.table()}'s latest (a stream's running totals). */
    void publish(ReverseResult result) {
        latest.put(result.table(), result);
    }

    @Override
    public void run(TablePass pass) throws Exception {
        TableContext table = pass.table();
        if (!tables.enabled(table.name())) {
            return;
        }
        check(table);
        capture.check(tables.tables(), tables.deleting());
        tables.checkGrants();
        if (capture.streaming()) {
            long since = System.currentTimeMillis();
            streams.ensureRunning(table);
            if (!streams.awaitCaughtUp(table.name(), since, CATCH_UP_MILLIS)) {
                LOG.debugf("Table %s: its change stream has not caught up within %d ms; the forward pass goes on",
                        table.name(), CATCH_UP_MILLIS);
            }
            return;
        }
        if (!tables.updates(table.name()) && !tables.inserts(table.name())) {
            return; // deletes only: written by the change stream
        }
        // the pass listener's full check (watchdog, abort) after each read page, and its table lease for the saves
        ReverseResult result = poll(table, WriteFence.checking(() -> pass.fence().lease(), pass.listener()::beforeWrite));
        latest.put(table.name(), result);
        if (!result.outcomes().isEmpty() || !result.inserts().isEmpty()) {
            LOG.infof("Table %s reverse pass: %d documents read, edits %s, new documents %s in %d ms", table.name(),
                    result.read(), result.outcomes(), result.inserts(), result.durationMillis());
        }
    }

    /**
     * Polls {@code table}'s collection for edits since the stored reverse position and writes them back, checking
     * {@code fence} (the lease) after each read page and storing the position under it. Also the catch-up of a
     * change stream that starts without a resume token.
     */
    ReverseResult poll(TableContext table, WriteFence fence) throws Exception {
        long start = System.nanoTime();
        ReverseResult.Tally tally = new ReverseResult.Tally();
        TableWriteBack writer = writeBack.prepare(table);
        boolean updates = tables.updates(table.name());
        TableInsertBack inserter = tables.inserts(table.name()) ? writeBack.prepareInserts(table, writer) : null;
        String key = checkpointKey(table.name());
        long stored = checkpoints.load(key).map(TableCheckpoint::cursor).filter(c -> c != null && c.length > 0)
                .map(c -> ((Number) c[0]).longValue()).orElse(0L);
        long high = stored;
        long from = Math.max(0, stored - config.lookback().toMillis());
        long to = System.currentTimeMillis();
        try (ChangeSource source = documents.open(table.collection(), table.name(), config.reverseChangeField(), from,
                to, config.batchSize(), inserter != null)) {
            ChangeBatch batch;
            while ((batch = source.next()) != null) {
                fence.check(); // lease check after the read, before the write-backs
                tally.read += batch.size();
                for (SourceRow edited : batch.upserts()) {
                    if (EditedDocuments.created(edited.document())) {
                        ReverseOutcome outcome = inserter.apply(edited.document());
                        tally.addInsert(outcome);
                        counter(registry, table.name(), outcome, "insert").increment();
                    } else if (updates) {
                        ReverseOutcome outcome = writer.apply(edited.document(), edited.version());
                        tally.add(outcome);
                        counter(registry, table.name(), outcome, "update").increment();
                    }
                }
                long after = ((Number) batch.after()[0]).longValue();
                if (after > high) { // re-read pages of the look-back window never move the position back
                    high = after;
                    checkpoints.save(key, TableCheckpoint.initial(null).loadFinished().withCursor(new Object[] {high}),
                            fence);
                }
            }
        }
        return tally.result(table.name(), start);
    }

    /** A table whose edits can be written back has a collection of its own and a change column (the row version). */
    static void check(TableContext table) {
        String problem = !table.ownCollection() ? "it is only embedded in other collections"
                : table.schema().changeColumn().isEmpty() ? "it has no change column (the row version a write-back"
                        + " is conditional on)" : null;
        if (problem != null) {
            throw new io.mysqlmongosync.config.InvalidSettingException(ReverseTables.VARIABLE, table.name(),
                    "edits of " + table.name() + " cannot be written back: " + problem);
        }
    }

    /** The counter of {@code table}'s documents ({@code operation}: update, insert, delete) by {@code outcome}. */
    static Counter counter(MeterRegistry registry, String table, ReverseOutcome outcome, String operation) {
        return Counter.builder(METRIC).description("Documents edited (operation=update), created (insert) or deleted"
                + " (delete) in MongoDB, by table and what the reverse direction did with them").tags("table", table,
                        "outcome", outcome.tag(), "direction", "reverse", "operation", operation).register(registry);
    }
}
