package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteOutcome;

/**
 * Running totals of one table pass, added to by the page writer (from several threads during a split load: each
 * range counts into its own instance, added up at the end).
 */
public final class Counts {
    long read;
    long created;
    long updated;
    long unchanged;
    long skipped;
    long conflict;
    long deleted;
    long warnings;
    long reread;
    long hardDeleted;

    /** Adds the totals of {@code o}. */
    public synchronized void add(Counts o) {
        read += o.read;
        created += o.created;
        updated += o.updated;
        unchanged += o.unchanged;
        skipped += o.skipped;
        conflict += o.conflict;
        deleted += o.deleted;
        warnings += o.warnings;
        reread += o.reread;
        hardDeleted += o.hardDeleted;
    }

    /** Adds what one write did. */
    void add(WriteOutcome o) {
        created += o.created();
        updated += o.updated();
        unchanged += o.unchanged();
        conflict += o.conflict();
        deleted += o.deleted();
    }

    /** Adds documents removed by the reconciliation (rows hard-deleted in MySQL). */
    void hardDeleted(long n) {
        hardDeleted += n;
    }

    /** The successful result of the pass these totals describe. */
    TableResult result(String table, SyncMode mode, long durationMillis) {
        return new TableResult(table, TableStatus.SUCCESS.wire(), mode.wire(), read, created, updated, unchanged,
                skipped, conflict, deleted, warnings, durationMillis, null, null, reread, hardDeleted);
    }
}
