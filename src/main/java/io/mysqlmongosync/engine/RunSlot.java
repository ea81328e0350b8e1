package io.mysqlmongosync.engine;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one-at-a-time slot of this replica: a sync run or a verification holds it from its start until it ends, and
 * its work runs on the slot's single background thread. Whoever takes the slot while it is held gets
 * {@link RunInProgressException}.
 */
@ApplicationScoped
public class RunSlot {

    private final AtomicReference<ActiveRun> active = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sync-run");
        t.setDaemon(true);
        return t;
    });

    /** What holds the slot, or null. */
    public ActiveRun active() {
        return active.get();
    }

    /**
     * Takes the slot for {@code run}.
     *
     * @throws RunInProgressException when something holds it already
     */
    public void take(ActiveRun run) {
        if (!active.compareAndSet(null, run)) {
            ActiveRun holder = active.get();
            throw new RunInProgressException(holder == null ? "?" : holder.id());
        }
    }

    /**
     * Runs {@code work} in the background for {@code run}, which holds the slot; the slot is freed when the work
     * ends, or at once when it cannot be started.
     */
    public void submit(ActiveRun run, Runnable work) {
        try {
            executor.submit(() -> {
                try {
                    work.run();
                } finally {
                    active.compareAndSet(run, null);
                }
            });
        } catch (RuntimeException e) {
            active.compareAndSet(run, null);
            throw e;
        }
    }

    /** Frees the slot held by {@code run} (when it could not be started). */
    public void release(ActiveRun run) {
        active.compareAndSet(run, null);
    }

    /**
     * Throws {@link RunInProgressException} while something holds the slot: for changes that must not happen under
     * a run.
     */
    public void requireIdle() {
        ActiveRun run = active.get();
        if (run != null) {
            throw new RunInProgressException(run.id());
        }
    }

    /**
     * Interrupts the work holding the slot and waits up to {@code wait} for it to end (shutdown); true when it ended.
     * A read blocked in the network may not see the interrupt: then the work ends later, or with the process.
     */
    boolean stop(java.time.Duration wait) throws InterruptedException {
        executor.shutdownNow();
        return executor.awaitTermination(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
