package io.mysqlmongosync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TCP forwarder that counts the bytes going each way, to measure what a protocol option saves. */
public final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();

    /** Starts forwarding an ephemeral local port to 127.0.0.1:{@code targetPort}. */
    public CountingProxy(int targetPort) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pipe(client, upstream, toServer);
                    pipe(upstream, client, toClient);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The local port to connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Bytes sent by clients so far. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Bytes sent by the server so far. */
    public long bytesToClient() {
        return toClient.get();
    }

    private static void pipe(Socket from, Socket to, AtomicLong counter) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    counter.addAndGet(n);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "counting-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
