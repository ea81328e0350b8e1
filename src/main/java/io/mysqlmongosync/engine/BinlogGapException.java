package io.mysqlmongosync.engine;

/**
 * A table in binlog capture mode whose stored position is no longer on the source (the binlog was purged while
 * its stream was down): it is blocked, never skipped ahead, until it is reloaded (a forced full run, or
 * automatically with {@code SYNC_CDC_RESNAPSHOT_ON_GAP=true}).
 */
public class BinlogGapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BinlogGapException(String table, String reason) {
        super("Table " + table + " is blocked: " + reason + ". Reload it (POST /sync/trigger with {\"tables\": [\"" + table + "\"], \"force_full_sync\": true}) or set "
                + "SYNC_CDC_RESNAPSHOT_ON_GAP=true to reload such a table automatically");
    }
}
