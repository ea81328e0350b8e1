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
 * @param status {@code success}, {@code partial} (some tables failed) or {@code failed}
 * @param tables per-table results, in run order
 */
public record RunResult(String id, String trigger, Instant startedAt, Instant finishedAt, String status,
        List<TableResult> tables) {

    /** Rows written or confirmed unchanged across all tables. */
    public long totalRecords() {
        return tables.stream().mapToLong(t -> t.created() + t.updated() + t.unchanged()).sum();
    }

    /** Status of a run from its table results. */
    static String statusOf(List<TableResult> results) {
        long failed = results.stream().filter(r -> "failed".equals(r.status())).count();
        return failed == 0 ? "success" : failed == results.size() ? "failed" : "partial";
    }
}
