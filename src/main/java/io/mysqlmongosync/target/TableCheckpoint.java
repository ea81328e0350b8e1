package io.mysqlmongosync.target;

/**
 * The stored progress of one table, written only after the page it describes is acknowledged by MongoDB.
 *
 * @param phase {@link Phase#INITIAL} while the first load runs, then {@link Phase#INCREMENTAL}
 * @param loadClock database clock read before the initial load started (MySQL text form); becomes the cursor
 * @param loadPosition last primary key written by the initial load, or null before the first page
 * @param cursor last (change time, primary key) written by incremental passes, or null
 * @param nullCursor last (created time, primary key) written by the scan for rows whose change column is NULL
 */
public record TableCheckpoint(Phase phase, String loadClock, Object[] loadPosition, Object[] cursor,
        Object[] nullCursor) {

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
        return new TableCheckpoint(phase, loadClock, position, cursor, nullCursor);
    }

    /** The incremental state the finished initial load hands over: the load clock is the change cursor. */
    public TableCheckpoint loadFinished() {
        return new TableCheckpoint(Phase.INCREMENTAL, loadClock, null, new Object[] {loadClock}, new Object[] {loadClock});
    }

    /** This checkpoint with the change cursor at {@code key}. */
    public TableCheckpoint withCursor(Object[] key) {
        return new TableCheckpoint(phase, loadClock, loadPosition, key, nullCursor);
    }

    /** This checkpoint with the NULL-change-column cursor at {@code key}. */
    public TableCheckpoint withNullCursor(Object[] key) {
        return new TableCheckpoint(phase, loadClock, loadPosition, cursor, key);
    }
}
