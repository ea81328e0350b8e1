package io.mysqlmongosync.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * The benchmark's default Mongo target: mongo-java-server with its in-memory backend, run in its own JVM
 * (started by {@link BenchMain}) so the stored documents never count in the service's or the driver's heap.
 * Prints {@code PORT <n>} once bound and exits when its standard input closes (i.e. when the driver exits).
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        System.out.println("PORT " + address.getPort());
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for the parent to go away
            }
        } finally {
            server.shutdownNow();
        }
    }
}
