package io.mysqlmongosync.engine.port;

import java.util.function.Supplier;

/**
 * The lease a batch is written under, passed with the batch to every write and checkpoint save that follows from it.
 * The engine checks a table's lease after a batch was read and before it is built and written; building the
 * documents and reading their stored versions take time, and a process stopped (or starved) in between could
 * otherwise send the write after another replica took the table over. So a sink calls {@link #check()} right before
 * each request that writes (also before each retry): it renews the lease when due and throws when the lease is lost
 * or could expire under the write. A checkpoint save under a checking fence is bound by the same deadline as the
 * write before it, so it needs no read of the lease document ({@link #checks()}); its update is conditional on the
 * fence's lease epoch ({@link #lease()}).
 */
public final class WriteFence {

    /** No lease: a write or save of no pass (a tool, a test, the service's own state). */
    public static final WriteFence NONE = new WriteFence(() -> null, null);

    private final Supplier<Lease> lease;
    private final Runnable check;

    private WriteFence(Supplier<Lease> lease, Runnable check) {
        this.lease = lease;
        this.check = check;
    }

    /**
     * A fence that runs {@code check} before every write and save, under the lease {@code lease} returns (as last
     * taken or renewed; null when none is held).
     */
    public static WriteFence checking(Supplier<Lease> lease, Runnable check) {
        return new WriteFence(lease, check);
    }

    /**
     * A fence of {@code lease} without a deadline check: a checkpoint save reads the lease document first (and is
     * conditional on the epoch); writes run unchecked.
     */
    public static WriteFence of(Lease lease) {
        return lease == null ? NONE : new WriteFence(() -> lease, null);
    }

    /** Runs the lease check, if any: call right before sending a write. */
    public void check() {
        if (check != null) {
            check.run();
        }
    }

    /** Whether {@link #check()} checks the lease's deadline (then a save needs no read of the lease document). */
    public boolean checks() {
        return check != null;
    }

    /** The lease the writes are fenced with, or null when none. */
    public Lease lease() {
        return lease.get();
    }
}
