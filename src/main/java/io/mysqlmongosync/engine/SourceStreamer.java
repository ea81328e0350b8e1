package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Lease;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogStream;
import io.mysqlmongosync.source.binlog.BinlogTransaction;
import io.mysqlmongosync.source.binlog.PositionLostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The binlog stream of one source: one connection (one {@code server_id}) reads the binlog once for every table
 * streamed from it, and one thread hands each batch of whole transactions, in commit order, to every table's
 * {@link BinlogTableStreamer} (tables that share no documents are written on a few threads at once, see
 * {@link #applyToEveryTable}). Exactly one replica streams a source: this one while it holds the source's lease
 * ({@link #leaseId}), besides the lease of each table it applies.
 *
 * <p>Each table keeps its own position; the reader starts at the earliest of them and a table skips what it already
 * applied. A table joins ({@link #join}) or leaves ({@link #leave}) between batches: the reader is then rebuilt for
 * the new set of tables from the earliest position, on the same thread and without a second connection. A table
 * whose applying fails, whose lease is lost or whose position was purged from the source stops on its own (its
 * state says why) while the others go on; the supervisor rejoins it from its checkpoint.
 */
final class SourceStreamer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourceStreamer.class);
    /** Joins that arrive together (a run that loads several tables) are taken in one rebuild of the reader. */
    private static final long JOIN_GATHER_MILLIS = 500;
    /** How many tables of a batch are written to MongoDB at once. */
    static final int APPLY_THREADS = 4;

    private final BinlogStream.Endpoint endpoint;
    private final BinlogStreams.StreamerParts parts;
    private final Map<String, BinlogTableStreamer> tables = new ConcurrentHashMap<>();
    private final Map<String, Request> requests = new LinkedHashMap<>();
    private final java.util.concurrent.ExecutorService appliers;
    private volatile boolean stopped;
    private volatile boolean standby;
    private volatile Thread thread;
    private volatile BinlogStream stream;
    private volatile String error;
    private volatile long lastPollAt = System.currentTimeMillis();
    private BinlogPosition start;
    private LeaseKeeper keeper;
    private long firstRequestAt;

    /** A table to take in, with the context and position to start from. */
    private record Request(TableContext table, BinlogPosition from) {
    }

    SourceStreamer(BinlogStream.Endpoint endpoint, BinlogStreams.StreamerParts parts) {
        this.endpoint = endpoint;
        this.parts = parts;
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.appliers = java.util.concurrent.Executors.newFixedThreadPool(APPLY_THREADS, r -> {
            Thread t = new Thread(r, "binlog-apply-" + endpoint.database() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The id of the lease that the replica streaming {@code database} holds. */
    static String leaseId(String database) {
        return "#binlog:" + database;
    }

    void start() {
        Thread t = new Thread(this::run, "binlog-apply-" + endpoint.database());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Asks for {@code table} to be streamed from {@code from} on; it joins before the next batch. */
    void join(TableContext table, BinlogPosition from) {
        synchronized (requests) {
            if (requests.isEmpty()) {
                firstRequestAt = System.currentTimeMillis();
            }
            requests.put(table.name(), new Request(table, from));
            tables.compute(table.name(), (n, old) -> old != null && old.active() ? old
                    : new BinlogTableStreamer(table, from, parts));
        }
    }

    /**
     * Takes {@code table} out of the stream at once (it is reloaded, then joins again from its new position). The
     * reader keeps delivering its events until the next rebuild; nobody applies them.
     */
    void leave(String table) {
        synchronized (requests) {
            requests.remove(table);
            BinlogTableStreamer gone = tables.remove(table);
            if (gone != null) {
                gone.stopped();
            }
        }
    }

    /** The table's share of the stream, or null when it never joined. */
    BinlogTableStreamer table(String name) {
        return tables.get(name);
    }

    boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Whether another replica holds the source's lease (this one then stands by and its thread ended). */
    boolean standingBy() {
        return standby;
    }

    /** Whether the connection is open right now. */
    boolean connected() {
        BinlogStream s = stream;
        return s != null && s.connected();
    }

    /** Why the connection failed last (null while connected), or why the whole stream stopped. */
    String lastError() {
        BinlogStream s = stream;
        return error != null ? error : s == null ? null : s.lastError();
    }

    private void run() {
        try {
            long takenAt = System.nanoTime();
            Lease lease = parts.leases().take(leaseId(endpoint.database()), parts.owner(), parts.leaseMillis());
            if (lease == null) {
                standby = true;
                tables.values().forEach(t -> t.standby());
                LOG.debugf("Binlog of %s: another replica holds its lease and streams it", endpoint.database());
                return;
            }
            keeper = new LeaseKeeper(parts.leases(), lease, takenAt, parts.leaseMillis(), parts.writeBudgetNanos(),
                    System::nanoTime);
            while (!stopped) {
                if (rebuildDue()) {
                    rebuild();
                }
                BinlogStream s = stream;
                if (s == null) {
                    keeper.beforeWrite(); // no table to stream yet: keep the source's lease while joins are awaited
                    lastPollAt = System.currentTimeMillis();
                    Thread.sleep(100);
                    continue;
                }
                List<BinlogTransaction> txs = s.poll(parts.settings().batchRows(), parts.settings().batchMillis());
                lastPollAt = System.currentTimeMillis();
                keeper.beforeWrite(); // renews when due: an idle stream keeps its leases too
                for (BinlogTableStreamer t : leased()) {
                    try {
                        t.keepLease();
                    } catch (RuntimeException e) {
                        stop(t, e);
                    }
                }
                if (txs.isEmpty()) {
                    s.checkSilence();
                    if (s.failure() != null) {
                        lost(s.failure());
                    }
                    continue;
                }
                applyToEveryTable(txs);
            }
        } catch (Exception e) {
            if (!stopped) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.errorf(e, "Binlog of %s: stream stopped: %s", endpoint.database(), error);
                streaming().forEach(t -> t.failed(e));
            }
        } finally {
            appliers.shutdownNow();
            BinlogStream s = stream;
            if (s != null) {
                s.close();
            }
            tables.values().forEach(BinlogTableStreamer::stopped);
        }
    }

    /**
     * Hands the batch to every streaming table and waits until each is done. A table with changes in it writes them
     * (MongoDB round trips: its documents, then its position), so tables that share no documents with another table
     * are applied on up to {@value #APPLY_THREADS} threads at once; tables that embed others or are embedded (whose
     * writes touch the same documents) are applied one after the other, afterwards. Each table's own changes stay in
     * commit order. A table that fails stops alone.
     */
    private void applyToEveryTable(List<BinlogTransaction> txs) throws InterruptedException {
        List<BinlogTableStreamer> now = streaming();
        List<BinlogTableStreamer> alone = now.stream().filter(t -> !t.related()).toList();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>(alone.size());
        for (BinlogTableStreamer t : alone) {
            running.add(appliers.submit(() -> {
                t.apply(txs);
                return null;
            }));
        }
        for (int i = 0; i < alone.size(); i++) {
            try {
                running.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                stop(alone.get(i), e.getCause() instanceof Exception cause ? cause : e);
            }
        }
        for (BinlogTableStreamer t : now) {
            if (t.related()) {
                try {
                    t.apply(txs);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    stop(t, e);
                }
            }
        }
    }

    /** The tables the reader delivers right now. */
    private List<BinlogTableStreamer> streaming() {
        return tables.values().stream().filter(t -> t.state() == BinlogTableStreamer.State.STREAMING).toList();
    }

    /** The tables whose lease this stream keeps: those it delivers, and those blocked by a schema mismatch. */
    private List<BinlogTableStreamer> leased() {
        return tables.values().stream().filter(t -> t.state() == BinlogTableStreamer.State.STREAMING || t.blocked())
                .toList();
    }

    private boolean rebuildDue() {
        synchronized (requests) {
            return !requests.isEmpty() && (stream == null
                    || System.currentTimeMillis() - firstRequestAt >= JOIN_GATHER_MILLIS);
        }
    }

    /** Takes the pending joins and starts the reader again for the tables that stream now. */
    private void rebuild() {
        List<BinlogTableStreamer> joining = new ArrayList<>();
        synchronized (requests) {
            for (String name : requests.keySet()) {
                BinlogTableStreamer t = tables.get(name);
                if (t != null && t.state() == BinlogTableStreamer.State.STARTING && !t.joined()) {
                    joining.add(t);
                }
            }
            requests.clear();
        }
        boolean joins = false;
        for (BinlogTableStreamer t : joining) {
            try {
                joins |= t.join();
            } catch (Exception e) {
                t.failed(e);
            }
        }
        if (joins) {
            restartReader();
        }
    }

    /** Closes the reader and opens one for every table that streams (or joined), from the earliest position. */
    private void restartReader() {
        BinlogStream old = stream;
        if (old != null) {
            old.close(); // transactions read but not applied are read again: positions move only when applied
        }
        List<BinlogTableStreamer> members = tables.values().stream()
                .filter(t -> t.state() == BinlogTableStreamer.State.STREAMING
                        || t.state() == BinlogTableStreamer.State.STARTING && t.joined())
                .toList();
        if (members.isEmpty()) {
            stream = null;
            return;
        }
        start = BinlogPosition.earliest(members.stream().map(BinlogTableStreamer::position).toList());
        Set<String> names = members.stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        BinlogStream s = new BinlogStream(endpoint, names, start, 5_000);
        stream = s;
        members.forEach(BinlogTableStreamer::streaming);
        s.start();
        LOG.infof("Binlog of %s: %d table(s) stream from %s", endpoint.database(), members.size(), start);
    }

    /**
     * Stops one table after {@code e}; the others go on. The reader keeps delivering its events, which nobody applies
     * until the table joins again from its stored position.
     */
    private void stop(BinlogTableStreamer t, Exception e) {
        t.failed(e);
    }

    /**
     * The reader's start position is no longer on the source: the tables that stood there are blocked (each with its
     * alert) and the reader starts again for the others.
     */
    private void lost(RuntimeException failure) {
        if (!(failure instanceof PositionLostException)) {
            error = failure.getMessage();
            streaming().forEach(t -> t.failed(failure));
            return;
        }
        for (BinlogTableStreamer t : streaming()) {
            if (t.position() != null && t.position().encode().equals(start.encode())) {
                t.positionLost(failure);
            }
        }
        restartReader();
    }

    /**
     * Checked by the supervisor: breaks a connection that stayed silent past its heartbeats (the stream reconnects)
     * and reports an applying thread that stopped polling for {@code stuckMillis}.
     */
    boolean checkSilence(long stuckMillis) {
        BinlogStream s = stream;
        if (s != null) {
            s.checkSilence();
        }
        return alive() && s != null && System.currentTimeMillis() - lastPollAt > stuckMillis;
    }

    /** The tables of this source by name. */
    Map<String, BinlogTableStreamer> tables() {
        return Map.copyOf(tables);
    }

    /**
     * After {@link #close}: gives back the source's lease and the leases of its tables that no pass of this process
     * holds, waiting at most {@code waitMillis} (MongoDB may be down; an unreleased lease expires by itself). Nothing
     * when the reader thread did not end: it could still write.
     */
    void release(long waitMillis) {
        Thread t = thread;
        if (t != null && t.isAlive()) {
            return;
        }
        Thread releasing = new Thread(() -> {
            tables.values().forEach(BinlogTableStreamer::release);
            if (keeper != null) {
                try {
                    parts.leases().release(leaseId(endpoint.database()), parts.owner());
                } catch (RuntimeException e) {
                    LOG.debugf("Binlog of %s: source lease not given back: %s", endpoint.database(), e.getMessage());
                }
            }
        }, "binlog-lease-release");
        releasing.setDaemon(true);
        releasing.start();
        try {
            releasing.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        BinlogStream s = stream;
        if (s != null) {
            s.close();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
