package io.mysqlmongosync.engine;

/**
 * Called after every acknowledged and checkpointed batch of every scan (load, load range, incremental, NULL change
 * column, rescan): renews the table lease and tells the watchdog the table is alive. Called from several threads
 * during a split load.
 */
@FunctionalInterface
public interface PageListener {

    /** A listener that does nothing (a scan without lease, e.g. in a test). */
    PageListener NONE = () -> { };

    /** A batch was written and checkpointed. */
    void pageDone();
}
