package io.mysqlmongosync.engine;

/**
 * One pass over one table, as the capture strategies and their scans see it.
 *
 * @param table the table
 * @param counts the pass's running totals
 * @param progress live progress shown by the API
 * @param listener told after every batch (renews the lease)
 */
public record TablePass(TableContext table, Counts counts, TableProgress progress, PageListener listener) {

    /** The table name. */
    public String name() {
        return table.name();
    }

    /** The fence this pass writes and stores its positions under (its listener's). */
    public io.mysqlmongosync.engine.port.WriteFence fence() {
        return listener.fence();
    }
}
