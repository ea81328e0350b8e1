package io.mysqlmongosync.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.MDC;

/**
 * Runs tasks at once on a bounded pool of daemon threads and waits for all of them, even after one failed, so no
 * task is still writing (under the caller's lease) when the caller goes on. Each thread carries the caller's log
 * context (MDC) and is named after the caller and the task; the first failure is thrown when all are done. Used by
 * split loads, parallel table groups and verification.
 */
final class ParallelRunner {

    /** One unit of work. */
    @FunctionalInterface
    interface Task {
        /** Does the work. */
        void run() throws Exception;
    }

    /**
     * A task named {@code name}: when every task has a thread of its own, the thread is called
     * {@code <caller>/<name>}; otherwise threads are workers called {@code <caller>/<workers>-<n>}.
     *
     * @param name the thread name suffix
     * @param work what to do
     */
    record Named(String name, Task work) {
    }

    /** How long an interrupted caller waits for its workers to end: inside the shutdown's wait for the run. */
    static final long STOP_WAIT_MILLIS = 8_000;

    private ParallelRunner() {
    }

    /**
     * Runs {@code tasks} on at most {@code threads} threads named {@code <caller>/<workers>-<n>}; {@code failed}
     * is set as soon as one task fails, so the others can stop early. Throws the first failure once every task
     * has ended.
     */
    static void runAll(String workers, List<Named> tasks, int threads, AtomicBoolean failed) throws Exception {
        if (tasks.isEmpty()) {
            return;
        }
        String caller = Thread.currentThread().getName();
        Map<String, Object> mdc = MDC.getMap();
        AtomicInteger n = new AtomicInteger();
        int size = Math.max(1, Math.min(threads, tasks.size()));
        boolean own = size == tasks.size();
        ExecutorService pool = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, caller + "/" + workers + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>(tasks.size());
            for (Named task : tasks) {
                running.add(pool.submit(() -> {
                    run(own ? caller + "/" + task.name() : null, mdc, task.work(), failed);
                    return null;
                }));
            }
            Throwable first = awaitAll(running, failed);
            if (first instanceof InterruptedException) {
                stopWorkers(pool);
            }
            if (first instanceof Exception e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(String name, Map<String, Object> mdc, Task work, AtomicBoolean failed) throws Exception {
        if (name != null) {
            Thread.currentThread().setName(name);
        }
        if (mdc != null) {
            mdc.forEach(MDC::put);
        }
        try {
            work.run();
        } catch (Exception | Error e) {
            failed.set(true);
            throw e;
        } finally {
            MDC.clear();
        }
    }

    /**
     * Waits for every task; the first failure, or the {@link InterruptedException} when the caller is interrupted
     * (shutdown), which stops the waiting at once: the caller then stops the workers ({@link #stopWorkers}).
     */
    private static Throwable awaitAll(List<Future<?>> running, AtomicBoolean failed) {
        Throwable first = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                failed.set(true);
                return e;
            }
        }
        return first;
    }

    /**
     * The caller was interrupted (shutdown): interrupts the workers and waits, at most {@link #STOP_WAIT_MILLIS},
     * until they ended, so the caller does not give its lease back while a worker still writes under it (a worker
     * blocked in a read may not see the interrupt; the lease checks before each write stop it). The caller's
     * interrupt flag is set again afterwards.
     */
    private static void stopWorkers(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException again) {
            // interrupted twice: stop waiting
        } finally {
            Thread.currentThread().interrupt();
        }
    }
}
