package io.mysqlmongosync.engine;

import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** The run-finished log line: status, duration, tables by outcome and row totals (each table logged its own). */
final class RunLog {

    private static final Logger LOG = Logger.getLogger(SyncController.class);

    private RunLog() {
    }

    static void finished(ActiveRun run, RunResult result, String error) {
        List<TableResult> t = result.tables();
        long read = t.stream().mapToLong(TableResult::read).sum();
        long reread = t.stream().mapToLong(TableResult::reread).sum();
        String message = String.format("Run %s finished (%s): %s in %d ms; %d tables: %d synced, %d failed, %d blocked,"
                + " %d skipped; rows: %d read (%d new or changed, %d re-read), %d created, %d updated, %d unchanged,"
                + " %d deleted, %d skipped, %d conflicts%s", run.id(), run.trigger(), result.status(),
                Duration.between(result.startedAt(), result.finishedAt()).toMillis(), t.size(),
                count(t, TableStatus.SUCCESS), count(t, TableStatus.FAILED), count(t, TableStatus.BLOCKED),
                count(t, TableStatus.SKIPPED), read, read - reread,
                reread, t.stream().mapToLong(TableResult::created).sum(), t.stream().mapToLong(TableResult::updated).sum(),
                t.stream().mapToLong(TableResult::unchanged).sum(),
                t.stream().mapToLong(r -> r.deleted() + r.hardDeleted()).sum(),
                t.stream().mapToLong(TableResult::skipped).sum(), t.stream().mapToLong(TableResult::conflict).sum(),
                error == null ? "" : "; first error: " + error);
        MDC.put("operation", "run_finished");
        MDC.put("status", result.status());
        try {
            if (RunResult.Status.SUCCESS.is(result.status()) || RunResult.Status.SKIPPED.is(result.status())) {
                LOG.info(message);
            } else {
                LOG.warn(message);
            }
        } finally {
            MDC.remove("operation");
            MDC.remove("status");
        }
    }

    private static long count(List<TableResult> tables, TableStatus status) {
        return tables.stream().filter(r -> status.is(r.status())).count();
    }
}
