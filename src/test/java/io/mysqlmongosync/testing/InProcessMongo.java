package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MongoDB wire server (memory backend) of this JVM on a free loopback port, the target of packaged tests. As a
 * {@code @RegisterExtension} static field it is shut down after the test class.
 */
public final class InProcessMongo implements AutoCloseable, AfterAllCallback {

    private final MongoServer server;

    private InProcessMongo(MemoryBackend backend) {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
    }

    /** A server without change streams. */
    public static InProcessMongo start() {
        return new InProcessMongo(new MemoryBackend());
    }

    /** A server whose oplog is on, so that it serves change streams. */
    public static InProcessMongo startWithOplog() {
        MemoryBackend backend = new MemoryBackend();
        backend.enableOplog();
        return new InProcessMongo(backend);
    }

    /** Its port. */
    public int port() {
        return server.getLocalAddress().getPort();
    }

    /** Its connection string. */
    public String uri() {
        return "mongodb://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
