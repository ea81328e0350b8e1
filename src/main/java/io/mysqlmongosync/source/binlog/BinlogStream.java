package io.mysqlmongosync.source.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.network.ServerException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One connection to the source's binlog, registered as a replica with its own server_id, that reads from a
 * position on and queues the committed transactions of the synced tables for whoever applies them
 * ({@link #poll}). It reconnects with a doubling back-off (1 s to 30 s) from the last transaction it queued,
 * asks the server for a heartbeat every few seconds and treats a silent connection as broken. A resume position
 * the server no longer has ends the stream with {@link PositionLostException} ({@link #failure()}).
 */
public final class BinlogStream implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BinlogStream.class);
    private static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;

    /** Where to connect and as whom. */
    public record Endpoint(String host, int port, String user, String password, String database, long serverId) {
        @Override
        public String toString() {
            return user + "@" + host + ":" + port + "/" + database + " (server_id " + serverId + ")";
        }
    }

    private final Endpoint endpoint;
    private final Set<String> tables;
    private final BlockingQueue<BinlogTransaction> queue = new ArrayBlockingQueue<>(256);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final long heartbeatMillis;
    private volatile BinlogPosition resumeFrom;
    private volatile BinaryLogClient client;
    private volatile boolean stopped;
    private volatile long lastEventAt;
    private volatile boolean connected;
    private volatile String lastError;
    private Thread reader;

    /** A stream of {@code tables} (lower-case names) from {@code start} on; {@link #start()} begins reading. */
    public BinlogStream(Endpoint endpoint, Set<String> tables, BinlogPosition start, long heartbeatMillis) {
        this.endpoint = endpoint;
        this.tables = tables;
        this.resumeFrom = start;
        this.heartbeatMillis = heartbeatMillis;
    }

    /** Starts the reader thread. */
    public synchronized void start() {
        reader = new Thread(this::readLoop, "binlog-" + endpoint.database());
        reader.setDaemon(true);
        reader.start();
    }

    /** Up to {@code max} queued transactions, waiting at most {@code waitMillis} for the first. */
    public java.util.List<BinlogTransaction> poll(int max, long waitMillis) throws InterruptedException {
        java.util.List<BinlogTransaction> out = new java.util.ArrayList<>();
        BinlogTransaction first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first != null) {
            out.add(first);
            queue.drainTo(out, max - 1);
        }
        return out;
    }

    /** Why the stream ended for good (position lost), or null while it runs or retries. */
    public RuntimeException failure() {
        return failure.get();
    }

    /** Whether the reader thread runs (it retries broken connections itself; it ends on stop or failure). */
    public boolean alive() {
        return reader != null && reader.isAlive();
    }

    /** Whether a connection is open right now. */
    public boolean connected() {
        return connected;
    }

    /** Why the last connection attempt or connection failed, or null while connected (and before any failure). */
    public String lastError() {
        return lastError;
    }

    private void readLoop() {
        long backoff = 1000;
        while (!stopped) {
            BinlogPosition from = resumeFrom;
            TransactionAssembler assembler = new TransactionAssembler(endpoint.database(), tables, from, this::enqueue);
            BinaryLogClient c = newClient(from, assembler);
            client = c;
            try {
                lastEventAt = System.currentTimeMillis();
                c.connect(); // blocks until the connection ends
                backoff = 1000;
            } catch (ServerException e) {
                if (e.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
                    failure.set(new PositionLostException("binlog position " + from + " is no longer on the source "
                            + "(purged?): " + e.getMessage()));
                    LOG.errorf("Binlog stream %s: %s", endpoint, failure.get().getMessage());
                    return;
                }
                lastError = "server error " + e.getErrorCode() + ": " + e.getMessage();
                LOG.warnf("Binlog stream %s: server error %d: %s", endpoint, e.getErrorCode(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                lastError = "connection failed: " + e.getMessage();
                LOG.warnf("Binlog stream %s: connection failed: %s", endpoint, e.getMessage());
            } finally {
                connected = false;
            }
            if (failure.get() != null) {
                return;
            }
            if (!stopped) {
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private BinaryLogClient newClient(BinlogPosition from, TransactionAssembler assembler) {
        BinaryLogClient c = new BinaryLogClient(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password());
        c.setServerId(endpoint.serverId());
        c.setKeepAlive(false); // reconnects are this class's, from the last queued transaction
        c.setHeartbeatInterval(heartbeatMillis);
        c.setConnectTimeout(10_000);
        c.setEventDeserializer(RowEventDeserializers.create());
        if (from.hasGtid()) {
            c.setGtidSet(from.gtid());
        } else {
            c.setBinlogFilename(from.file());
            c.setBinlogPosition(from.position());
        }
        c.registerEventListener(event -> {
            lastEventAt = System.currentTimeMillis();
            if (event.getHeader().getEventType() != EventType.HEARTBEAT) {
                assembler.accept(event);
            }
        });
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onConnect(BinaryLogClient client) {
                connected = true;
                lastError = null;
                LOG.infof("Binlog stream %s: reading from %s", endpoint, from);
            }

            @Override
            public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                lastError = "connection lost: " + ex.getMessage();
                LOG.warnf("Binlog stream %s: %s", endpoint, ex.getMessage());
                if (ex instanceof ServerException se && se.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
                    failure.compareAndSet(null, new PositionLostException("binlog position " + from
                            + " is no longer on the source (purged?): " + ex.getMessage()));
                    stopped = true;
                }
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
                LOG.errorf("Binlog stream %s: unreadable event, reconnecting: %s", endpoint, ex.getMessage());
                disconnectQuietly(client);
            }
        });
        return c;
    }

    private void enqueue(BinlogTransaction tx) {
        try {
            while (!stopped && !queue.offer(tx, 1, TimeUnit.SECONDS)) {
                lastEventAt = System.currentTimeMillis(); // applying is behind: the connection is not silent
            }
            resumeFrom = tx.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnectQuietly(client);
        }
    }

    /**
     * Breaks a connection that has been silent for three heartbeats (the reader then reconnects); called by the
     * supervisor now and then.
     */
    public void checkSilence() {
        BinaryLogClient c = client;
        if (c != null && connected && System.currentTimeMillis() - lastEventAt > 3 * heartbeatMillis) {
            LOG.warnf("Binlog stream %s: no event or heartbeat for %d ms, reconnecting", endpoint,
                    System.currentTimeMillis() - lastEventAt);
            disconnectQuietly(c);
        }
    }

    private static void disconnectQuietly(BinaryLogClient c) {
        try {
            if (c != null) {
                c.disconnect();
            }
        } catch (IOException e) {
            LOG.debugf("disconnect: %s", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading; queued transactions not yet polled are dropped (they are read again from the checkpoint). */
    @Override
    public void close() {
        stopped = true;
        disconnectQuietly(client);
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }
}
