package io.mysqlmongosync.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
     * A task named {@code name} (its thread is called {@code <caller>/<name>} while it runs).
     *
     * @param name the thread name suffix
     * @param work what to do
     */
    record Named(String name, Task work) {
    }

    private ParallelRunner() {
    }

    /**
     * Runs {@code tasks} on at most {@code threads} threads; {@code failed} is set as soon as one task fails, so
     * the others can stop early. Throws the first failure once every task has ended.
     */
    static void runAll(List<Named> tasks, int threads, AtomicBoolean failed) throws Exception {
        if (tasks.isEmpty()) {
            return;
        }
        String caller = Thread.currentThread().getName();
        Map<String, Object> mdc = MDC.getMap();
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())), r -> {
            Thread t = new Thread(r, caller + "/worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>(tasks.size());
            for (Named task : tasks) {
                running.add(pool.submit(() -> {
                    run(caller + "/" + task.name(), mdc, task.work(), failed);
                    return null;
                }));
            }
            Throwable first = awaitAll(running, failed);
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
        Thread.currentThread().setName(name);
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

    private static Throwable awaitAll(List<Future<?>> running, AtomicBoolean failed) {
        Throwable first = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                first = first == null ? e : first;
            }
        }
        return first;
    }
}
