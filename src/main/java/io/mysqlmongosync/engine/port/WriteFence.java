package io.mysqlmongosync.engine.port;

/**
 * The last lease check before a sink sends a write. The engine checks a table's lease after a batch was read and
 * before it is built and written; building the documents and reading their stored versions take time, and a process
 * stopped (or starved) in between could otherwise send the write after another replica took the table over. So
 * while a batch is handled, the engine installs its lease check here for the handling thread, and a sink calls
 * {@link #check()} right before each request that writes (also before each retry). The check renews the lease when
 * due and throws when it is lost or could expire under the write; outside a fenced batch it does nothing. The engine
 * also stores the position after a batch under the same fence, so a checkpoint save is bound by the same deadline as
 * the write before it ({@link #checkIfFenced()}).
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

    /** Runs {@code write} with {@code check} as this thread's fence; a null {@code check} runs it unfenced. */
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

    /**
     * Runs this thread's fence and returns true, or returns false when none is installed. For a fenced checkpoint
     * save: under a fence the lease is known to be held until the write deadline of its monotonic clock (renewed when
     * due, refused when lost), so the save needs no read of the lease document; without one the caller reads it.
     */
    public static boolean checkIfFenced() {
        Runnable check = CHECK.get();
        if (check == null) {
            return false;
        }
        check.run();
        return true;
    }
}
