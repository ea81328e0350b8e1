package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.TableCheckpoint;

/**
 * How a table's changes are captured: the CDI beans the scheduled job runs, one per capture mode, named by
 * {@code @Named}: {@code timestamp} (polling the change column, {@link TimestampCapture}) and {@code rescan} (full
 * re-read compared by content hash, {@link RescanCapture}) and {@code binlog} (the binary log streamed,
 * {@link BinlogCapture}). The mode of a table is chosen by {@code SYNC_<TABLE>_CAPTURE_MODE}, else
 * {@code SYNC_CAPTURE_MODE}; {@code auto} (the default) streams the binlog when the source allows it and polls
 * otherwise (see {@link CaptureModes}). A new mode is one more named bean: its name becomes a valid value of both
 * variables.
 */
public interface CaptureStrategy {

    /**
     * Runs one pass over {@code pass}'s table from {@code checkpoint} (null: start over, as for a first or forced
     * load), counting into {@code pass.counts()} and storing positions after every written batch. Returns what the
     * pass did.
     */
    SyncMode capture(TablePass pass, TableCheckpoint checkpoint) throws Exception;

    /**
     * Why this mode cannot capture {@code table}, or null when it can (checked when the table is discovered; a
     * mode set for a table it cannot serve stops the run naming the variable).
     */
    default String unsupported(TableContext table) {
        return null;
    }
}
