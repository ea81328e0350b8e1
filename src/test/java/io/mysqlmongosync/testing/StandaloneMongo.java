package io.mysqlmongosync.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Runs the Mongo wire server in its own JVM (args: port), so a test can give the service a small heap
 * without the target's in-memory data counting against it.
 */
public final class StandaloneMongo {

    private StandaloneMongo() {
    }

    /** Starts the server on 127.0.0.1:{@code args[0]} and serves until the process is killed. */
    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-java-server listening on " + args[0]);
        Thread.currentThread().join();
    }
}
