package io.mysqlmongosync.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run-event webhook receiver on a free loopback port (path {@code /events}), started as a test resource that sets
 * SYNC_EVENTS_WEBHOOK_URL to it. It keeps every request (body bytes, content type, signature) and answers per its
 * {@link Mode}: 204, 500, or never (the handler blocks until {@link #release()} or the receiver stops).
 */
public final class EventReceiver implements QuarkusTestResourceLifecycleManager {

    /** How the receiver answers. */
    public enum Mode { OK, FAIL, HANG }

    /** One request as received. */
    public record Received(byte[] body, String contentType, String signature, String mode) {
    }

    private static volatile EventReceiver current;

    private HttpServer server;
    private ExecutorService threads;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile CountDownLatch hang = new CountDownLatch(1);

    /** The receiver started for the running test class. */
    public static EventReceiver current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        threads = Executors.newCachedThreadPool(); // a hung request must not hold up the next one
        server.setExecutor(threads);
        server.createContext("/events", exchange -> {
            Mode m = mode;
            CountDownLatch latch = hang;
            requests.add(new Received(exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Sync-Signature"), m.name()));
            try {
                if (m == Mode.HANG) {
                    hanging.incrementAndGet();
                    try {
                        latch.await(10, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        hanging.decrementAndGet();
                    }
                }
                exchange.sendResponseHeaders(m == Mode.FAIL ? 500 : 204, -1);
            } catch (IOException ignored) {
                // the sender gave up (its deadline) and closed the connection
            } finally {
                exchange.close();
            }
        });
        server.start();
        current = this;
        return Map.of("sync.events-webhook-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    /** Sets how the next requests are answered. */
    public void mode(Mode m) {
        mode = m;
    }

    /** Lets every hanging request answer, and starts a new hang for the next ones. */
    public void release() {
        CountDownLatch old = hang;
        hang = new CountDownLatch(1);
        old.countDown();
    }

    /** Requests whose handler is blocked now (mode HANG, not released). */
    public int hanging() {
        return hanging.get();
    }

    /** Every request received so far, in order (a live view). */
    public List<Received> requests() {
        return requests;
    }

    @Override
    public void stop() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
