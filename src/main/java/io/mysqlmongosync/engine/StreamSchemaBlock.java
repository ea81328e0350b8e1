package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.binlog.BinlogPosition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A streamed table whose binlog rows do not fit its columns even after re-discovery: an event written before a
 * column change, with no column names in the binlog to place its cells ({@code binlog_row_metadata} not FULL), or a
 * cell that does not fit its column's type now. Nothing is applied out of shape and nothing is retried in a loop:
 * the table stops applying (the source's stream goes on for the others) and is blocked, shown as {@code stream_state} {@code schema_mismatch} (table
 * state {@code blocked}) with the reason and the fix as {@code last_error}, with one WARN and one alert
 * ({@code binlog_schema_mismatch}, also the run event {@code table.blocked}), until the table is reloaded (a forced
 * full sync makes it join the stream again from a new position) or the sync is paused and resumed. Its lease stays
 * renewed meanwhile, so no other replica loops on the same event.
 */
final class StreamSchemaBlock {

    private static final Logger LOG = Logger.getLogger(StreamSchemaBlock.class);
    /** The alert's reason. */
    static final String REASON = "binlog_schema_mismatch";
    /** The last block alerted per table: a stream restarted into the same block does not alert again. */
    private static final Map<String, String> ALERTED = new ConcurrentHashMap<>();

    private StreamSchemaBlock() {
    }

    /** A pass of a table whose stream is blocked: the run reports it instead of a success. */
    static final class Blocked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Blocked(String message) {
            super(message);
        }
    }

    /** The status line of the block: what did not fit, where, why, and the fix. */
    static String explain(String table, String mismatch, boolean namesInBinlog, BinlogPosition at) {
        String where = at == null ? "" : " after position " + at.encode();
        String fix = "reload the table: POST /sync/trigger {\"tables\": [\"" + table + "\"], \"force_full_sync\": true}";
        return "Table " + table + " is blocked: " + mismatch + "; its binlog stream stopped" + where + " without "
                + "applying the event. " + (namesInBinlog
                        ? "The binlog row does not fit the table's columns by name either (a type changed, or a key "
                                + "column is missing): " + fix + "."
                        : "The event was written before the table's columns changed and the binlog carries no column "
                                + "names to place its cells (binlog_row_metadata is not FULL): set "
                                + "binlog_row_metadata=FULL on the source and " + fix + ".");
    }

    /** Reports the block once (WARN and alert; not again for the same block after a restart into it). */
    static void report(String table, String message, AlertNotifier alerts) {
        if (!message.equals(ALERTED.put(table, message))) {
            LOG.warn(message);
            alerts.blocked(table, REASON, message);
        }
    }
}
