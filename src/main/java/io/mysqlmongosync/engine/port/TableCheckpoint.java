package io.mysqlmongosync.engine.port;

/**
 * The stored progress of one table, written only after the batch it describes is acknowledged by the sink (see
 * {@link Checkpoints}).
 *
 * @param phase {@link Phase#INITIAL} while the first load runs, then {@link Phase#INCREMENTAL}
 * @param loadClock the change position read before the initial load started (keyset capture: the database clock in
 *     MySQL text form); becomes the cursor when the load is done
 * @param loadPosition last primary key written by the initial load, or null before the first page
 * @param cursor the change capture's position: the last (change time, primary key) written by incremental
 *     passes, or a log source's own position (binlog file and offset, GTID set); null before the first
 * @param nullCursor last (created time, primary key) written by the scan for rows whose change column is NULL
 * @param loadRanges the primary-key ranges of a split initial load, in key order, or null when the load is not
 *     split (then {@code loadPosition} is its position)
 */
public record TableCheckpoint(Phase phase, String loadClock, Object[] loadPosition, Object[] cursor,
        Object[] nullCursor, java.util.List<LoadRange> loadRanges) {

    /** A checkpoint of a load that is not split into ranges. */
    public TableCheckpoint(Phase phase, String loadClock, Object[] loadPosition, Object[] cursor, Object[] nullCursor) {
        this(phase, loadClock, loadPosition, cursor, nullCursor, null);
    }

    /** Whether a table is still in its first load or already incremental. */
    public enum Phase {
        INITIAL, INCREMENTAL
    }

    /** A fresh initial load that started at database time {@code clock}. */
    public static TableCheckpoint initial(String clock) {
        return new TableCheckpoint(Phase.INITIAL, clock, null, null, null);
    }

    /** This checkpoint with the initial load advanced to {@code position}. */
    public TableCheckpoint withLoadPosition(Object[] position) {
        return new TableCheckpoint(phase, loadClock, position, cursor, nullCursor, loadRanges);
    }

    /** This checkpoint with the initial load split into {@code ranges}. */
    public TableCheckpoint withLoadRanges(java.util.List<LoadRange> ranges) {
        return new TableCheckpoint(phase, loadClock, loadPosition, cursor, nullCursor, java.util.List.copyOf(ranges));
    }

    /** The incremental state the finished initial load hands over: the load clock is the change cursor. */
    public TableCheckpoint loadFinished() {
        return new TableCheckpoint(Phase.INCREMENTAL, loadClock, null, new Object[] {loadClock}, new Object[] {loadClock});
    }

    /** This checkpoint with the change cursor at {@code key}. */
    public TableCheckpoint withCursor(Object[] key) {
        return new TableCheckpoint(phase, loadClock, loadPosition, key, nullCursor, loadRanges);
    }

    /** This checkpoint with the NULL-change-column cursor at {@code key}. */
    public TableCheckpoint withNullCursor(Object[] key) {
        return new TableCheckpoint(phase, loadClock, loadPosition, cursor, key, loadRanges);
    }
}
