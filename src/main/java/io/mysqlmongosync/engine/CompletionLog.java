package io.mysqlmongosync.engine;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The completion line of a table pass, logged under the engine's category ({@link SyncEngine}) with its counts as
 * structured fields.
 */
final class CompletionLog {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private CompletionLog() {
    }

    private static final String[] COMPLETION_FIELDS = {"component", "table", "operation", "records_processed",
        "records_updated", "records_created", "records_unchanged", "records_deleted", "records_skipped",
        "records_reread", "conflicts", "duration_seconds", "errors"};

    /**
     * One line per table pass whose row counts add up: every row read is created, updated, unchanged, deleted,
     * skipped or in conflict; re-reads of the look-back window are shown apart from new changes, and unchanged
     * rows of a load say why they were unchanged.
     */
    static void log(TableContext table, TableResult r) {
        MDC.put("component", "sync_service");
        MDC.put("table", r.table());
        MDC.put("operation", "sync_completed");
        MDC.put("records_processed", String.valueOf(r.read()));
        MDC.put("records_updated", String.valueOf(r.updated()));
        MDC.put("records_created", String.valueOf(r.created()));
        MDC.put("records_unchanged", String.valueOf(r.unchanged()));
        MDC.put("records_deleted", String.valueOf(r.deleted() + r.hardDeleted()));
        MDC.put("records_skipped", String.valueOf(r.skipped()));
        MDC.put("records_reread", String.valueOf(r.reread()));
        MDC.put("conflicts", String.valueOf(r.conflict()));
        MDC.put("duration_seconds", String.valueOf(r.durationMillis() / 1000.0));
        MDC.put("errors", String.valueOf(r.skipped()));
        try {
            LOG.info(completionMessage(table, r));
        } finally {
            for (String k : COMPLETION_FIELDS) {
                MDC.remove(k);
            }
        }
    }

    /** The text of a table's completion line (see {@link #log}). */
    static String completionMessage(TableContext table, TableResult r) {
        StringBuilder m = new StringBuilder();
        m.append("Table ").append(r.table()).append(" synced (").append(r.mode()).append(") in ")
                .append(r.durationMillis()).append(" ms: ").append(r.read()).append(" read (");
        if (SyncMode.FULL.is(r.mode())) {
            m.append("the whole table: it has no change column)");
        } else {
            m.append(r.read() - r.reread()).append(" new or changed, ").append(r.reread())
                    .append(" re-read from the look-back window)");
        }
        if (table != null && !table.ownCollection()) {
            // Rows read only to be copied into other tables' documents: the count is of those documents.
            m.append(", copied into ").append(r.updated()).append(" documents of ")
                    .append(String.join(", ", table.feeds().stream().map(f -> f.parent()).distinct().toList()));
        } else {
            m.append(" = ").append(r.created()).append(" created + ").append(r.updated()).append(" updated + ")
                    .append(r.unchanged()).append(" unchanged + ").append(r.deleted()).append(" deleted + ")
                    .append(r.skipped()).append(" skipped + ").append(r.conflict()).append(" conflicts");
        }
        if (r.hardDeleted() > 0) {
            m.append("; ").append(r.hardDeleted()).append(" documents of rows deleted in MySQL removed");
        }
        if (r.warnings() > 0) {
            m.append("; ").append(r.warnings()).append(" warnings");
        }
        if (r.unchanged() > 0 && SyncMode.FULL.is(r.mode())) {
            m.append(" (unchanged: every pass reads the whole table and writes only the rows whose content changed)");
        } else if (r.unchanged() > 0 && SyncMode.INITIAL.is(r.mode())) {
            m.append(" (unchanged: documents already in MongoDB with the same content - rows re-read from the"
                    + " look-back window after the load, or written by an earlier, interrupted or forced load)");
        }
        return m.toString();
    }

}
