package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.LeaseBudget;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.engine.StreamSupervisor;
import io.mysqlmongosync.engine.SupervisedStreams;
import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.reverse.ChangeStreams;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The running MongoDB change streams of the reverse tables, one thread per table ({@link ReverseStreamer}) under
 * the table's lease. A pass of a reverse table calls {@link #ensureRunning}; between passes
 * {@link StreamSupervisor} calls {@link #supervise}: streams stop while the sync is paused and start again from
 * their resume tokens on resume, and a failed stream is restarted after a growing pause (5 s doubling up to 5 min).
 */
@ApplicationScoped
public class ReverseStreams implements SupervisedStreams {

    private static final Logger LOG = Logger.getLogger(ReverseStreams.class);
    private static final long FIRST_BACKOFF_MILLIS = 5_000;
    private static final long MAX_BACKOFF_MILLIS = 300_000;

    private final Map<String, ReverseStreamer> running = new ConcurrentHashMap<>();
    private final Map<String, TableContext> streamed = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    private final Parts parts;
    private final ReverseTables tables;
    private final ReverseCapture capture;
    private final TableCatalog catalog;
    private volatile boolean adopted;
    private volatile boolean paused;
    private volatile boolean shutDown;

    /** What a streamer needs. */
    record Parts(ChangeStreams changeStreams, WriteBack writeBack, DeleteBack deleteBack, ReversePass pass,
            LeaseStore leases, Checkpoints checkpoints, MeterRegistry registry, String owner, long leaseMillis,
            long writeBudgetNanos, int batchSize, String changeField) {
    }

    /**
     * A table's stream as the status shows it.
     *
     * @param state {@code starting}, {@code streaming}, {@code standby} (another replica streams it), {@code paused},
     *     {@code stopped} or {@code failed} (restarted by the supervisor)
     * @param lastEventAt when the last change read from the stream was made in MongoDB, or null
     * @param lagSeconds from that change to its write-back, or null
     * @param error why it failed last, or null
     */
    public record StreamStatus(String state, Instant lastEventAt, Double lagSeconds, String error) {
    }

    ReverseStreams(ChangeStreams changeStreams, WriteBack writeBack, DeleteBack deleteBack, ReversePass pass,
            LeaseStore leases, Checkpoints checkpoints, MeterRegistry registry, SyncEngine engine, SyncConfig config,
            ReverseTables tables, LeaseBudget budget, ReverseCapture capture, TableCatalog catalog) {
        this.parts = new Parts(changeStreams, writeBack, deleteBack, pass, leases, checkpoints, registry, engine.owner(),
                config.leaseSeconds() * 1000L, budget.writeBudgetMillis() * 1_000_000L,
                Math.min(config.batchSize(), 1_000), config.reverseChangeField());
        this.tables = tables;
        this.capture = capture;
        this.catalog = catalog;
    }

    /** Starts {@code table}'s stream unless it runs, the sync is paused, or a failed one waits for its restart. */
    public synchronized void ensureRunning(TableContext table) {
        ReversePass.check(table);
        streamed.put(table.name(), table);
        ReverseStreamer s = running.get(table.name());
        if (paused || shutDown || s != null && s.alive()) {
            return;
        }
        if (s != null && s.state() == ReverseStreamer.State.FAILED) {
            long now = System.currentTimeMillis();
            Long wait = notBefore.get(table.name());
            if (wait == null) {
                int n = failures.merge(table.name(), 1, Integer::sum);
                long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(n - 1, 10));
                notBefore.put(table.name(), now + backoff);
                LOG.warnf("Table %s: its MongoDB change stream restarts from its resume token in %d s after: %s",
                        table.name(), backoff / 1000, s.error());
                return;
            }
            if (now < wait) {
                return;
            }
        } else if (s != null && s.state() != ReverseStreamer.State.STANDBY) {
            failures.remove(table.name());
        }
        notBefore.remove(table.name());
        ReverseStreamer started = new ReverseStreamer(table, parts, tables.updates(table.name()),
                tables.inserts(table.name()), tables.deleting().contains(table.name()));
        running.put(table.name(), started);
        started.start();
    }

    /** Waits up to {@code timeoutMillis} until {@code table}'s stream has read everything up to {@code since}. */
    public boolean awaitCaughtUp(String table, long since, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            ReverseStreamer s = running.get(table);
            if (s == null || !s.alive()) {
                return false;
            }
            if (s.caughtUpAt() >= since) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * One supervision tick: while {@code pausedNow} every stream is stopped; otherwise every streamed table's stream
     * is (re)started when it is not running.
     */
    @Override
    public synchronized Set<String> supervise(boolean pausedNow) {
        if (pausedNow || shutDown) {
            if (!paused && !running.isEmpty()) {
                LOG.infof("Sync paused: MongoDB change streams of %s stopped", String.join(", ",
                        new TreeMap<>(running).keySet()));
            }
            stopAll();
            paused = true;
            return Set.of();
        }
        if (paused) {
            LOG.infof("Sync resumed: MongoDB change streams of %s start from their resume tokens", String.join(", ",
                    new TreeMap<>(streamed).keySet()));
        }
        paused = false;
        for (TableContext table : List.copyOf(streamed.values())) {
            try {
                ensureRunning(table);
            } catch (RuntimeException e) {
                LOG.warnf("Table %s: MongoDB change stream not restarted (next tick tries again): %s", table.name(),
                        e.getMessage());
            }
        }
        return Set.of(); // a lost resume token is caught up by one poll, never a reload
    }

    @Override
    public String kind() {
        return "MongoDB change stream";
    }

    /**
     * When edits are found by change streams ({@link ReverseCapture}): registers every reverse table once they are all
     * discovered (MySQL may be down at start-up), so their streams start at once after a start, not only at each
     * table's next pass, and edits are written back within seconds from the start.
     */
    @Override
    public void adopt() {
        if (adopted || tables.tables().isEmpty() || !capture.streaming()) {
            return;
        }
        List<TableContext> found = tables.tables().stream().map(catalog::table).flatMap(Optional::stream).toList();
        found.forEach(t -> streamed.putIfAbsent(t.name(), t));
        adopted = found.size() == tables.tables().size();
    }

    @Override
    public boolean active() {
        return !streamed.isEmpty();
    }

    /** The status of {@code table}'s stream, or null when this replica does not stream it. */
    public StreamStatus status(String table) {
        if (!streamed.containsKey(table)) {
            return null;
        }
        ReverseStreamer s = running.get(table);
        StreamStatus one = s != null ? s.status() : new StreamStatus("stopped", null, null, null);
        return paused ? new StreamStatus("paused", one.lastEventAt(), one.lagSeconds(), one.error()) : one;
    }

    /** The streamer of {@code table}, or null (tests). */
    ReverseStreamer streamer(String table) {
        return running.get(table);
    }

    /** Stops every stream (pause, shutdown); the tables stay registered for {@link #supervise}. */
    public synchronized void stopAll() {
        running.values().forEach(ReverseStreamer::close);
        running.clear();
    }

    void shutdown(@Observes ShutdownEvent event) {
        shutDown = true;
        stopAll();
    }
}
