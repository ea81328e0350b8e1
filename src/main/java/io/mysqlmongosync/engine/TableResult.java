package io.mysqlmongosync.engine;

/**
 * The outcome of one table in one run. The row counts of a table with its own collection add up:
 * {@code read = created + updated + unchanged + deleted + skipped + conflict}.
 *
 * @param table table name
 * @param status {@code success}, {@code failed}, {@code blocked} (schema drift) or {@code skipped} (another
 *     replica holds the table)
 * @param mode {@code initial}, {@code incremental} or {@code full}
 * @param read rows read from MySQL, {@code reread} of them again from the look-back window
 * @param created documents inserted
 * @param updated documents replaced
 * @param unchanged rows whose document was already up to date (re-read rows, a reload over existing documents,
 *     the delete of a document that was already gone)
 * @param skipped rows rejected by validation or conversion (logged with their key the first time they are read)
 * @param conflict rows in conflict with a newer target version (written or not, per the conflict policy)
 * @param deleted documents removed for soft-deleted rows read in this pass
 * @param warnings conversion warnings (zero dates, over-long decimals)
 * @param durationMillis wall time
 * @param error the failure message, or null
 * @param critical the critical reason when the failure cannot be fixed by retrying (see
 *     {@link CriticalSyncException#reasonOf}), else null
 * @param reread rows of {@code read} at or before the stored cursor, read again from the look-back window (they
 *     catch late commits; new changes are {@code read - reread})
 * @param hardDeleted documents removed by the reconciliation because their row is gone from MySQL (not read)
 */
public record TableResult(String table, String status, String mode, long read, long created, long updated,
        long unchanged, long skipped, long conflict, long deleted, long warnings, long durationMillis, String error,
        String critical, long reread, long hardDeleted) {

    /** A result without re-read rows or reconciliation. */
    public TableResult(String table, String status, String mode, long read, long created, long updated,
            long unchanged, long skipped, long conflict, long deleted, long warnings, long durationMillis, String error,
            String critical) {
        this(table, status, mode, read, created, updated, unchanged, skipped, conflict, deleted, warnings,
                durationMillis, error, critical, 0, 0);
    }

    /** A table not synced because a schema change blocks it. */
    public static TableResult blocked(String table, String reason) {
        return notRun(table, TableStatus.BLOCKED, "blocked by schema drift: " + reason);
    }

    /** A table not synced because {@code holder} holds its lease. */
    public static TableResult skipped(String table, String holder) {
        return notRun(table, TableStatus.SKIPPED, "lease held by " + holder);
    }

    /** A pass that failed after reading {@code read} rows (its counts up to the failure are not kept). */
    public static TableResult failed(String table, String mode, long read, long durationMillis, String error,
            String critical) {
        return new TableResult(table, TableStatus.FAILED.wire(), mode, read, 0, 0, 0, 0, 0, 0, 0, durationMillis, error,
                critical);
    }

    private static TableResult notRun(String table, TableStatus status, String error) {
        return new TableResult(table, status.wire(), SyncMode.NONE.wire(), 0, 0, 0, 0, 0, 0, 0, 0, 0, error, null);
    }

    /** Whether the table finished without error. */
    public boolean succeeded() {
        return TableStatus.SUCCESS.is(status);
    }
}
