package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.binlog.BinlogPosition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * A streamed table whose binlog rows do not fit its columns even after re-discovery: an event written before a
 * column change, with no column names in the binlog to place its cells ({@code binlog_row_metadata} not FULL), or a
 * cell that does not fit its column's type now. Nothing is applied out of shape and nothing is retried in a loop:
 * the stream stops reading and its table is blocked, shown as {@code stream_state} {@code schema_mismatch} (table
 * state {@code blocked}) with the reason and the fix as {@code last_error}, with one WARN and one alert
 * ({@code binlog_schema_mismatch}, also the run event {@code table.blocked}), until the table is reloaded (a forced
 * full sync replaces the stream with one from a new position) or the sync is paused and resumed.
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

    /**
     * Reports the block once (WARN and alert, not again for the same block) and holds the stream blocked until
     * {@code stopped}: the lease stays renewed by {@code keeper} so that no other replica loops on the same event.
     */
    static void hold(String table, String message, AlertNotifier alerts, LeaseKeeper keeper, BooleanSupplier stopped) {
        if (!message.equals(ALERTED.put(table, message))) {
            LOG.warn(message);
            alerts.blocked(table, REASON, message);
        }
        while (!stopped.getAsBoolean()) {
            keeper.beforeWrite(); // renews when due; a lost lease ends the hold (the stream fails and restarts)
            try {
                Thread.sleep(500); // between checks of stopped (set by close(), which waits for this thread)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
