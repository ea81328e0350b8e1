package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.engine.port.WriteFence;
import java.util.function.BooleanSupplier;

/**
 * The one checkpointed scan loop every scan runs (load, load range, incremental pass, NULL change column, rescan,
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
final class ScanLoop {

    /** Writes (or compares) one batch. */
    @FunctionalInterface
    interface BatchHandler {
        /** Handles {@code batch}, every write under {@code fence}; returns only once it is acknowledged. */
        void handle(ChangeBatch batch, WriteFence fence) throws Exception;
    }

    /** Stores the position after a handled batch. */
    @FunctionalInterface
    interface PositionSaver {
        /** A saver for scans that are not resumed (verification, NULL rows without creation time). */
        PositionSaver NONE = (after, fence) -> { };

        /** Stores {@code after} under {@code fence}. */
        void save(Object[] after, WriteFence fence) throws Exception;
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
     * Reads {@code source} to its end (closing it) unless {@code stop} says otherwise after a batch. Returns true at
     * the end of the source, false when it stopped early.
     */
    static boolean run(ChangeSource source, BatchHandler handler, PositionSaver saver, PageListener listener,
            AfterBatch after, BooleanSupplier stop) throws Exception {
        WriteFence fence = listener.fence();
        try (source) {
            for (ChangeBatch batch = source.next(); batch != null; batch = source.next()) {
                listener.beforeWrite();
                handler.handle(batch, fence);
                saver.save(batch.after(), fence);
                after.done(batch);
                if (stop.getAsBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }
}
