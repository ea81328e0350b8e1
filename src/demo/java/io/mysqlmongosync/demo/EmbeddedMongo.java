package io.mysqlmongosync.demo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Serves the MongoDB wire protocol from inside the demo JVM (mongo-java-server), on a fixed port so that a user
 * can look at the synced collections with {@code mongosh}. The store is in memory: after a restart the service
 * finds no checkpoints and loads every table again, which is also a good thing to watch. (The file-backed H2
 * store of mongo-java-server 1.47.0 was tried: it is about half as fast and failed upserts of composite keys
 * with E11000 during the inventory load, so the demo does not use it.)
 */
public final class EmbeddedMongo {

    private EmbeddedMongo() {
    }

    /** Starts the server on 127.0.0.1 and stops it when the JVM exits, after the service. */
    public static MongoServer start(DemoSettings settings) {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", settings.mongoPort());
        DemoMain.say("Embedded MongoDB (in memory) listening on " + settings.mongoUri());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DemoMain.awaitServiceStopped();
            server.shutdownNow();
        }, "demo-mongo-shutdown"));
        return server;
    }
}
