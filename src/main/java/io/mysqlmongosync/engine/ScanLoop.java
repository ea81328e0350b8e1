package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.engine.port.WriteFence;
import java.util.function.BooleanSupplier;

/**
 * The checkpoint rule, in one place ({@link #apply}), and the scan loop every scan runs (load, load range, incremental pass, NULL change column, rescan,
 * verification): for each batch of the {@link ChangeSource}, tell the {@link PageListener} (which renews the table
 * lease and fails when it could expire under the write), then write the batch, then store the position after it,
 * then stop early if asked. A position is never stored before its batch is written, so a crash replays at most one
 * batch; and the lease is checked after the batch was read, before it is written, and again by the sink right
 * before it sends each write (the listener's {@link WriteFence}, passed with the batch to the handler and the saver),
 * so a read that outlasted the lease (a lock wait, a stopped process) never writes after another replica took the
 * table over. The position is stored under the same fence:
 * the save starts only while the lease is known to be held until it ends, and it is conditional on the lease epoch
 * (see {@code Checkpoints}), so it needs no read of the lease document of its own.
 */
public final class ScanLoop {

    /** Writes one batch of any source. */
    @FunctionalInterface
    public interface Write<B> {
        /** Handles {@code batch}, every write under {@code fence}; returns only once it is acknowledged. */
        void handle(B batch, WriteFence fence) throws Exception;
    }

    /** Stores the position after a written batch. */
    @FunctionalInterface
    public interface Save<P> {
        /** Stores {@code after} under {@code fence}. */
        void save(P after, WriteFence fence) throws Exception;
    }

    /** Writes (or compares) one batch of a scan. */
    @FunctionalInterface
    interface BatchHandler extends Write<ChangeBatch> {
    }

    /** Stores the position after a handled batch of a scan. */
    @FunctionalInterface
    interface PositionSaver extends Save<Object[]> {
        /** A saver for scans that are not resumed (verification, NULL rows without creation time). */
        PositionSaver NONE = (after, fence) -> { };
    }

    /** Runs after each batch was handled and its position stored (progress, logs). */
    @FunctionalInterface
    interface AfterBatch {
        /** Nothing to do. */
        AfterBatch NONE = batch -> { };

        /** {@code batch} is done. */
        void done(ChangeBatch batch);
    }

    private ScanLoop() {
    }

    /**
     * One batch through the checkpoint rule, whatever its source (a scan's page, a binlog table's transactions, a
     * reverse table's change-stream events): the listener's lease check after the batch was read, then the write
     * under the listener's fence (acknowledged when it returns), then the position after it, under the same fence. A
     * write that throws stores nothing, so a restart replays the batch; the writes are idempotent.
     */
    public static <B, P> void apply(B batch, P after, PageListener listener, Write<B> write, Save<P> save) throws Exception {
        listener.beforeWrite();
        WriteFence fence = listener.fence();
        write.handle(batch, fence);
        save.save(after, fence);
    }

    /**
     * Reads {@code source} to its end (closing it) unless {@code stop} says otherwise after a batch. Returns true at
     * the end of the source, false when it stopped early.
     */
    static boolean run(ChangeSource source, BatchHandler handler, PositionSaver saver, PageListener listener,
            AfterBatch after, BooleanSupplier stop) throws Exception {
        try (source) {
            for (ChangeBatch batch = source.next(); batch != null; batch = source.next()) {
                apply(batch, batch.after(), listener, handler, saver);
                after.done(batch);
                if (stop.getAsBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }
}
