package io.mysqlmongosync.engine;

/**
 * The outcome of one table in one run.
 *
 * @param table table name
 * @param status {@code success}, {@code failed} or {@code skipped} (another replica holds the table)
 * @param mode {@code initial}, {@code incremental} or {@code full}
 * @param read rows read from MySQL
 * @param created documents inserted
 * @param updated documents replaced
 * @param unchanged rows already up to date
 * @param skipped rows rejected by validation or conversion (logged with their key)
 * @param conflict rows not written because the target holds a newer version
 * @param deleted documents removed
 * @param warnings conversion warnings (zero dates, over-long decimals)
 * @param durationMillis wall time
 * @param error the failure message, or null
 * @param critical the critical reason when the failure cannot be fixed by retrying (see
 *     {@link CriticalSyncException#reasonOf}), else null
 */
public record TableResult(String table, String status, String mode, long read, long created, long updated,
        long unchanged, long skipped, long conflict, long deleted, long warnings, long durationMillis, String error, String critical) {

    /** Whether the table finished without error. */
    public boolean succeeded() {
        return "success".equals(status);
    }
}
