package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.PageListener;
import io.mysqlmongosync.engine.ScanLoop;
import io.mysqlmongosync.engine.port.WriteFence;
import io.micrometer.core.instrument.DistributionSummary;
import io.mysqlmongosync.engine.LeaseKeeper;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.reverse.PositionRefusedException;
import io.mysqlmongosync.sink.reverse.EditedDocuments;
import io.mysqlmongosync.sink.reverse.ReverseChangeStream;
import io.mysqlmongosync.sink.reverse.ReverseEvent;
import io.mysqlmongosync.sink.reverse.StreamPosition;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Writes one table's MongoDB changes back as they happen: reads the collection's change stream in small batches
 * under the table's lease (renewed before each batch is written back, and while idle), writes each edited
 * document back ({@link TableWriteBack}) and each deleted one when deletes are on ({@link DeleteWriteBack}), and
 * stores the resume token only after every change before it is in MySQL (fenced by the lease). A restart replays
 * at most one batch, harmlessly: a written edit was settled (its hash matches again), a written delete finds its
 * row gone. The forward direction's own writes and the write-back's settling carry the data hash in
 * {@code _sync.hash} and are skipped, so nothing loops. A stream that starts without a resume token opens the
 * stream first and then polls the edit field once, so nothing edited before it started is missed.
 */
final class ReverseStreamer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReverseStreamer.class);
    /** Keys whose last seen {@code _sync.version} is remembered for deletes (a bounded, most-recent set). */
    private static final int SEEN_KEYS = 100_000;

    private final String name;
    private final TableContext table;
    private final ReverseStreams.Parts parts;
    private final boolean updates;
    private final boolean inserts;
    private final boolean deletes;
    private final DistributionSummary lag;
    private final ReverseResult.Tally tally = new ReverseResult.Tally();
    private final long startedNanos = System.nanoTime();
    private final Map<Object, Long> seen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Long> eldest) {
            return size() > SEEN_KEYS;
        }
    };
    private volatile Lease lease;
    /** Renews the lease when due and stops the stream before the lease could expire under a write-back. */
    private LeaseKeeper keeper;
    /** The keeper's check ({@link #renew}) and lease: every write-back and token save of this stream runs under it. */
    private WriteFence fence;
    /** {@link #renew} before each batch is written back, with {@link #fence}. */
    private PageListener listener;
    private BsonDocument savedToken;
    private long tokenSavedAt;
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile State state = State.STARTING;
    private volatile String error;
    private volatile long lastEventAt;
    private volatile Double lagSeconds;
    private volatile long caughtUpAt;

    /** Where a stream stands, as {@code GET /sync/status} shows it. */
    enum State {
        /** Taking the lease, opening the stream, catching up by one poll. */
        STARTING,
        /** Reading and writing back. */
        STREAMING,
        /** Another replica holds the table's lease and streams it. */
        STANDBY,
        /** Stopped by pause or shutdown. */
        STOPPED,
        /** Failed ({@code error}); restarted by the supervisor from the stored resume token. */
        FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    ReverseStreamer(TableContext table, ReverseStreams.Parts parts, boolean updates, boolean inserts,
            boolean deletes) {
        this.name = table.name();
        this.updates = updates;
        this.inserts = inserts;
        this.table = table;
        this.parts = parts;
        this.deletes = deletes;
        this.lag = DistributionSummary.builder("sync_reverse_stream_lag_seconds").tags("table", name, "direction",
                "reverse").baseUnit("seconds").description("Time from a change made in MongoDB to its write-back"
                        + " to MySQL by the change stream").serviceLevelObjectives(0.1, 0.25, 0.5, 1, 2, 5, 10, 30,
                                60, 300).register(parts.registry());
    }

    /** The checkpoint key of {@code table}'s resume token. */
    static String checkpointKey(String table) {
        return "reverse-stream:" + table;
    }

    void start() {
        Thread t = new Thread(this::run, "reverse-stream-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    State state() {
        return state;
    }

    String error() {
        return error;
    }

    /** When the stream last found nothing more to read (ms), 0 before. */
    long caughtUpAt() {
        return caughtUpAt;
    }

    /** The status: state, when the last change was made, its lag, the error. */
    ReverseStreams.StreamStatus status() {
        long at = lastEventAt;
        return new ReverseStreams.StreamStatus(state.label(), at == 0 ? null : Instant.ofEpochMilli(at), lagSeconds,
                error);
    }

    private void run() {
        ReverseChangeStream stream = null;
        try {
            long takenAt = System.nanoTime(); // before the request: the local deadline errs on the early side
            lease = parts.leases().take(name, parts.owner(), parts.leaseMillis());
            if (lease == null) {
                state = State.STANDBY;
                LOG.debugf("Table %s: another replica holds its lease and streams its MongoDB changes", name);
                return;
            }
            keeper = new LeaseKeeper(parts.leases(), lease, takenAt, parts.leaseMillis(), parts.writeBudgetNanos(),
                    System::nanoTime);
            fence = WriteFence.checking(keeper::lease, this::renew);
            listener = new PageListener() {
                @Override
                public void beforeWrite() {
                    renew();
                }

                @Override
                public WriteFence fence() {
                    return fence;
                }
            };
            StreamPosition from = storedPosition();
            long openedAt = System.currentTimeMillis() / 1000 - 1;
            boolean fresh = from == null;
            try {
                stream = parts.changeStreams().open(table.collection(), from);
            } catch (PositionRefusedException e) {
                // The position is no longer in the oplog (or the collection was dropped): start afresh and catch up
                // by polling. Deletes made while the stream was down are not seen.
                LOG.warnf("Table %s: the change stream cannot continue from its stored position (%s); it starts"
                        + " again from now and polls %s once for edits made meanwhile (deletes made meanwhile are"
                        + " not written back)", name, e.getMessage(), parts.changeField());
                stream = parts.changeStreams().open(table.collection(), null);
                fresh = true;
            }
            if (fresh) {
                // The position is stored before anything else, so a stop from now on loses nothing; edits made
                // before the stream opened are caught up by one poll of the edit field.
                BsonDocument token = stream.resumeToken();
                save(token != null ? StreamPosition.after(token) : StreamPosition.at(openedAt));
                if (updates || inserts) {
                    catchUp();
                }
            }
            state = State.STREAMING;
            TableWriteBack edits = parts.writeBack().prepare(table);
            TableInsertBack created = inserts ? parts.writeBack().prepareInserts(table, edits) : null;
            DeleteWriteBack deleted = parts.deleteBack().prepare(table);
            while (!stopped) {
                long asked = System.currentTimeMillis();
                List<ReverseEvent> events = stream.poll(parts.batchSize(), 1_000);
                if (events.isEmpty()) {
                    caughtUpAt = asked;
                    renew(); // when due: an idle stream keeps its lease too
                    if (System.currentTimeMillis() - tokenSavedAt > parts.leaseMillis() / 4) {
                        // An idle stream's token still moves on servers with post-batch tokens: keep it inside
                        // the oplog window.
                        saveToken(stream.resumeToken());
                    }
                    continue;
                }
                // The checkpoint rule of every batch: the lease checked (renewed when due) after the read, before the
                // write-backs, as a pass does; the resume token after the batch stored once all of it is in MySQL.
                ScanLoop.apply(events, stream.resumeToken(), listener,
                        (batch, fence) -> apply(batch, edits, created, deleted), (token, fence) -> saveToken(token));
            }
        } catch (LeaseLostException e) {
            state = State.STANDBY;
            LOG.infof("Table %s: its lease went to another replica, which streams its MongoDB changes now: %s", name,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stopped) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                state = State.FAILED;
                LOG.errorf(e, "Table %s: MongoDB change stream stopped: %s", name, error);
            }
        } finally {
            if (stream != null) {
                stream.close();
            }
            if (state == State.STREAMING || state == State.STARTING) {
                state = State.STOPPED;
            }
        }
    }

    private void catchUp() throws Exception {
        LOG.infof("Table %s: its MongoDB change stream starts; edits made before it are caught up by one poll of %s",
                name, parts.changeField());
        ReverseResult polled = parts.pass().poll(table, fence);
        tally.read += polled.read();
        polled.outcomes().forEach((outcome, n) -> {
            for (long i = 0; i < n; i++) {
                tally.add(outcome);
            }
        });
        polled.inserts().forEach((outcome, n) -> {
            for (long i = 0; i < n; i++) {
                tally.addInsert(outcome);
            }
        });
        parts.pass().publish(tally.result(name, startedNanos));
    }

    private void apply(List<ReverseEvent> events, TableWriteBack edits, TableInsertBack created,
            DeleteWriteBack deleted) throws Exception {
        Map<Object, Integer> last = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            last.put(events.get(i).id(), i);
        }
        for (int i = 0; i < events.size(); i++) {
            ReverseEvent e = events.get(i);
            tally.read++;
            renew(); // each write-back starts only while the lease cannot expire under it
            ReverseOutcome outcome = null;
            String operation = "update";
            if (e.kind() == ReverseEvent.Kind.UPSERT) {
                Long version = syncVersion(e.document());
                if (version != null && deletes) {
                    seen.put(e.id(), version);
                }
                // A later change of the batch carries a newer state of the document (the server looked it up when
                // the batch was read); writes of the sync itself carry their own hash and are not edits.
                if (last.get(e.id()) == i && created != null && EditedDocuments.created(e.document())) {
                    outcome = created.apply(e.document());
                    operation = "insert";
                } else if (updates && last.get(e.id()) == i && EditedDocuments.edited(e.document())) {
                    outcome = edits.apply(e.document(), version == null ? 0L : version);
                }
            } else if (deletes) {
                outcome = deleted.apply(e, seen.remove(e.id()));
                operation = "delete";
            }
            if (outcome != null) {
                if ("insert".equals(operation)) {
                    tally.addInsert(outcome);
                } else {
                    tally.add(outcome);
                }
                ReversePass.counter(parts.registry(), name, outcome, operation).increment();
            }
        }
        ReverseEvent newest = events.get(events.size() - 1);
        lastEventAt = newest.atMillis();
        lagSeconds = Math.max(0, System.currentTimeMillis() - newest.atMillis()) / 1000.0;
        lag.record(lagSeconds);
        parts.pass().publish(tally.result(name, startedNanos));
    }

    private static Long syncVersion(Document d) {
        Document sync = d.get("_sync") instanceof Document s ? s : null;
        return sync != null && sync.get("version") instanceof Number n ? n.longValue() : null;
    }

    private StreamPosition storedPosition() {
        return parts.checkpoints().load(checkpointKey(name)).map(TableCheckpoint::cursor)
                .filter(c -> c != null && c.length > 0 && c[0] instanceof String)
                .map(c -> StreamPosition.decode((String) c[0])).orElse(null);
    }

    /** Stores {@code token} (when there is one) after the batch before it is in MySQL, fenced by the lease. */
    private void saveToken(BsonDocument token) {
        if (token != null && !token.equals(savedToken)) {
            save(StreamPosition.after(token));
            savedToken = token;
        }
        tokenSavedAt = System.currentTimeMillis();
    }

    private void save(StreamPosition position) {
        parts.checkpoints().save(checkpointKey(name), TableCheckpoint.initial(null).loadFinished()
                .withCursor(new Object[] {position.encode()}), fence);
    }

    /**
     * Renews the lease once a quarter of it has passed, and fails ({@code LeaseLostException}) when another replica
     * has it or it could expire under the next write-back (monotonic deadline, see {@link LeaseKeeper}). Called after
     * each read and before each write-back.
     */
    private void renew() {
        keeper.beforeWrite();
        lease = keeper.lease();
    }

    /**
     * Stops after the current batch (about a second of waiting at most) and gives the lease back unless a pass of
     * this process holds it.
     */
    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lease != null && parts.leases().held(name) == null) {
            try {
                parts.leases().release(name, parts.owner());
            } catch (RuntimeException e) {
                LOG.debugf("Table %s: lease not given back after its stream stopped: %s", name, e.getMessage());
            }
        }
    }
}
