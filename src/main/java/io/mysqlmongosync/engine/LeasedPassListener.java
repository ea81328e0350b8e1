package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import java.util.Map;

/**
 * The page listener of a sync pass under a table lease: before each batch is written it stops the table when the
 * run watchdog aborted it, tells the watchdog the table is alive, and checks the lease (renewal and write deadline);
 * right before each request the sink sends it checks the lease once more.
 */
final class LeasedPassListener implements PageListener {

    private final String table;
    private final Map<String, String> aborted;
    private final Map<String, Long> lastPage;
    private final TableLeases.Held lease;
    private final WriteFence fence;

    LeasedPassListener(String table, Map<String, String> aborted, Map<String, Long> lastPage, TableLeases.Held lease) {
        this.table = table;
        this.aborted = aborted;
        this.lastPage = lastPage;
        this.lease = lease;
        this.fence = WriteFence.checking(lease::lease, this::beforeSend);
    }

    @Override
    public void beforeWrite() {
        String abort = aborted.get(table);
        if (abort != null) {
            throw new IllegalStateException(abort); // a stuck call that returned after the watchdog fired
        }
        lastPage.put(table, System.nanoTime());
        lease.beforeWrite();
    }

    @Override
    public void beforeSend() {
        lease.beforeWrite();
    }

    @Override
    public WriteFence fence() {
        return fence;
    }
}
