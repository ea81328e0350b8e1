package io.mysqlmongosync.engine.port;

/**
 * The last lease check before a sink sends a write. The engine checks a table's lease after a batch was read and
 * before it is built and written; building the documents and reading their stored versions take time, and a process
 * stopped (or starved) in between could otherwise send the write after another replica took the table over. So
 * while a batch is handled, the engine installs its lease check here for the handling thread, and a sink calls
 * {@link #check()} right before each request that writes (also before each retry). The check renews the lease when
 * due and throws when it is lost or could expire under the write; outside a fenced batch it does nothing.
 */
public final class WriteFence {

    private static final ThreadLocal<Runnable> CHECK = new ThreadLocal<>();

    private WriteFence() {
    }

    /** A write that may throw. */
    @FunctionalInterface
    public interface Write {
        /** Handles the batch. */
        void run() throws Exception;
    }

    /** Runs {@code write} with {@code check} as this thread's fence. */
    public static void during(Runnable check, Write write) throws Exception {
        Runnable outer = CHECK.get();
        CHECK.set(check);
        try {
            write.run();
        } finally {
            if (outer == null) {
                CHECK.remove();
            } else {
                CHECK.set(outer);
            }
        }
    }

    /** Runs this thread's fence, if any: call right before sending a write. */
    public static void check() {
        Runnable check = CHECK.get();
        if (check != null) {
            check.run();
        }
    }
}
