package io.mysqlmongosync.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark's default Mongo target: mongo-java-server with its in-memory backend, run in its own JVM
 * (started by {@link BenchMain}) so the stored documents never count in the service's or the driver's heap.
 * Prints {@code PORT <n>} once bound and exits when its standard input closes (i.e. when the driver exits).
 *
 * <p>BENCH_MONGO_STUB_COLLECTIONS (comma-separated collection names, default none): those collections keep only
 * each document's {@code _id} and acknowledge the write as usual. The in-memory backend holds about 4.4 GB per
 * million products documents, so a 5M-row run (the service's heap at that size) cannot store them on a
 * developer machine; the service's side of the load is the same (it never reads a fresh load's documents back).
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Set<String> stubs = Arrays.stream(System.getenv().getOrDefault("BENCH_MONGO_STUB_COLLECTIONS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        MongoServer server = new MongoServer(stubs.isEmpty() ? new MemoryBackend() : new StubBackend(stubs));
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

    /** The in-memory backend, but the named collections store each document as its {@code _id} alone. */
    private static final class StubBackend extends MemoryBackend {
        private final Set<String> stubs;

        StubBackend(Set<String> stubs) {
            this.stubs = stubs;
        }

        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new MemoryDatabase(name, getCursorRegistry()) {
                @Override
                protected MemoryCollection openOrCreateCollection(String collection, CollectionOptions options) {
                    if (!stubs.contains(collection)) {
                        return super.openOrCreateCollection(collection, options);
                    }
                    return new MemoryCollection(this, collection, options, getCursorRegistry()) {
                        @Override
                        protected Integer addDocumentInternal(Document document) {
                            return super.addDocumentInternal(new Document("_id", document.get("_id")));
                        }
                    };
                }
            };
        }
    }
}
