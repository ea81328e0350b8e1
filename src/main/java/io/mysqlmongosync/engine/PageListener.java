package io.mysqlmongosync.engine;
import io.mysqlmongosync.engine.port.WriteFence;

/**
 * Called for every batch of every scan (load, load range, incremental, NULL change column, rescan, repair) after
 * the batch was read and right before it is written: renews the table lease when due and fails when the lease could
 * expire under the write (see {@link LeaseKeeper}), and tells the watchdog the table is alive. Called from several
 * threads during a split load.
 */
@FunctionalInterface
public interface PageListener {

    /** A listener that does nothing (a scan without lease, e.g. in a test). */
    PageListener NONE = () -> { };

    /** A batch was read and is about to be written; throws to stop the table instead. */
    void beforeWrite();

    /**
     * The sink is about to send a write of the current batch (see {@link WriteFence}): the lease check once more,
     * without the watchdog and progress bookkeeping of {@link #beforeWrite}. Nothing by default.
     */
    default void beforeSend() {
    }

    /**
     * The fence the batches of this listener are written and their positions stored under: {@link #beforeSend} as
     * its check; the table lease of a listener that holds one (see {@code LeasedPassListener}).
     */
    default WriteFence fence() {
        return this == NONE ? WriteFence.NONE : WriteFence.checking(() -> null, this::beforeSend);
    }
}
