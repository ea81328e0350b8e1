package io.mysqlmongosync.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A TCP forwarder on a local port that a test can stop and start, to simulate a database outage, or
 * {@linkplain #silence() silence}: connections stay open and new ones are accepted, but nothing is forwarded (no FIN,
 * no RST), like a dead server behind a NAT or a network partition.
 */
public final class TcpProxy implements AutoCloseable {

    private volatile int port;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final java.util.Set<Socket> stranded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean silent;

    /** Forwards 127.0.0.1:{@code port} to 127.0.0.1:{@code targetPort} once started. */
    public TcpProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** Forwards a free local port, chosen at the first {@link #start()} and kept after, to {@code targetPort}. */
    public TcpProxy(int targetPort) {
        this(0, targetPort);
    }

    /** The local port (after the first start when chosen freely). */
    public int port() {
        return port;
    }

    /** The port forwarded to. */
    public int targetPort() {
        return targetPort;
    }

    /** Stops forwarding without closing anything: bytes are held until {@link #unsilence()}. */
    public void silence() {
        silent = true;
    }

    /**
     * The connections open now never forward another byte (and are never closed), while new ones work: what a
     * client's pooled connections meet when a NAT entry or a firewall's connection state was dropped, or the server
     * behind them died and came back elsewhere with the same address.
     */
    public void strandOpenConnections() {
        stranded.addAll(open);
    }

    /** Forwards again, starting with what was held. */
    public void unsilence() {
        silent = false;
    }

    /** Starts accepting connections. */
    public synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        // The port may briefly be the local end of an outgoing connection after a stop (both come from the
        // ephemeral range): try again for a bounded time.
        AtomicReference<BindException> refused = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> bound(s, refused) || port == 0);
        } catch (ConditionTimeoutException e) {
            // the last refusal is thrown below
        }
        if (!s.isBound()) {
            s.close();
            throw refused.get();
        }
        port = s.getLocalPort();
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    synchronized (this) {
                        if (s.isClosed()) { // stopped while this connection was being accepted
                            client.close();
                            upstream.close();
                            return;
                        }
                        open.add(client);
                        open.add(upstream);
                    }
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Cuts every open connection (as a server restart would) and goes on accepting new ones. */
    public synchronized void cutConnections() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        open.clear();
    }

    /** Stops accepting and cuts every open connection, like a network outage. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        open.clear();
    }

    /** Whether {@code s} is bound to the proxy's port now; a refusal is kept in {@code refused}. */
    private boolean bound(ServerSocket s, AtomicReference<BindException> refused) throws IOException {
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (BindException e) {
            refused.set(e);
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    // Bounded by the socket's life: close() ends the wait with an exception on the next read.
                    while ((silent || stranded.contains(from)) && !from.isClosed()) {
                        // why: holding the bytes back is the silent network being faked; nothing to wait for
                        Thread.sleep(20);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }
}
