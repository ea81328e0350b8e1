package io.mysqlmongosync.engine;

import java.time.Instant;
import java.util.List;

/**
 * One run over a set of tables.
 *
 * @param id run id
 * @param trigger {@code scheduled}, {@code manual} or {@code startup}
 * @param startedAt start time
 * @param finishedAt end time
 * @param status see {@link #statusOf}
 * @param tables per-table results, in run order
 */
public record RunResult(String id, String trigger, Instant startedAt, Instant finishedAt, String status,
        List<TableResult> tables) {

    /** Rows written or confirmed unchanged across all tables. */
    public long totalRecords() {
        return tables.stream().mapToLong(t -> t.created() + t.updated() + t.unchanged()).sum();
    }

    /**
     * Status of a run from its table results: {@code success} when every table synced; {@code partial} when some
     * synced and others failed, were blocked by schema drift or were skipped (leased by another replica);
     * {@code failed} when none synced and at least one failed or was blocked; {@code skipped} when none synced and
     * none failed: every table was leased by another replica (or there was none).
     */
    static String statusOf(List<TableResult> results) {
        long synced = results.stream().filter(TableResult::succeeded).count();
        long bad = results.stream().filter(r -> TableStatus.FAILED.is(r.status()) || TableStatus.BLOCKED.is(r.status()))
                .count();
        if (synced == results.size() && synced > 0) {
            return Status.SUCCESS.wire();
        }
        if (synced > 0) {
            return Status.PARTIAL.wire();
        }
        return (bad > 0 ? Status.FAILED : Status.SKIPPED).wire();
    }

    /** How a run ended; {@link #wire()} is the string stored and shown. */
    public enum Status {
        /** Every table synced. */
        SUCCESS,
        /** Some tables synced, others did not. */
        PARTIAL,
        /** No table synced and at least one failed or was blocked. */
        FAILED,
        /** No table synced and none failed (all leased elsewhere, or none). */
        SKIPPED;

        /** The status as stored and shown. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether {@code status} (as stored and shown) is this status. */
        public boolean is(String status) {
            return wire().equals(status);
        }
    }
}
