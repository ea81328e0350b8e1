package io.mysqlmongosync.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on 127.0.0.1 (path {@code /alerts}) keeping every body posted to it (alert webhook). */
public final class AlertReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    private AlertReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts receiving on {@code port}; answers every POST with 204. */
    public static AlertReceiver start(int port) throws IOException {
        AlertReceiver r = new AlertReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
        r.server.createContext("/alerts", exchange -> {
            r.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        r.server.start();
        return r;
    }

    /** The bodies received so far, in order (a live view). */
    public List<String> bodies() {
        return bodies;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
