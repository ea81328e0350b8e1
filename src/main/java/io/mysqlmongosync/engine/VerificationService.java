package io.mysqlmongosync.engine;

import io.mysqlmongosync.events.RunEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Verifications and repairs: compares the configured tables with their collections (a repair also re-syncs the
 * differing keys, under each table's lease) in the background, in the run slot shared with sync runs.
 */
@ApplicationScoped
public class VerificationService {

    private static final Logger LOG = Logger.getLogger(VerificationService.class);

    private final TableCatalog catalog;
    private final Verifier verifier;
    private final TableLeases leases;
    private final RunSlot slot;
    private final SyncEngine engine;
    private final RunEvents events;
    private volatile VerificationRun last;

    VerificationService(TableCatalog catalog, Verifier verifier, TableLeases leases, RunSlot slot, SyncEngine engine,
            RunEvents events) {
        this.events = events;
        this.catalog = catalog;
        this.verifier = verifier;
        this.leases = leases;
        this.slot = slot;
        this.engine = engine;
    }

    /** The latest verification or repair of this replica, or null. */
    public VerificationRun last() {
        return last;
    }

    /**
     * Starts a verification (or, with {@code repair}, a verify-and-fix) of {@code tables} (all when empty) in the
     * background.
     *
     * @throws UnknownTableException when a table is not in SYNC_TABLES
     * @throws RunInProgressException when a run or verification is active
     */
    public VerificationRun start(List<String> tables, boolean repair) {
        List<String> names = tables == null || tables.isEmpty() ? catalog.configuredTables() : List.copyOf(tables);
        names.forEach(t -> UnknownTableException.requireConfigured(catalog, t));
        ActiveRun held = new ActiveRun(UUID.randomUUID().toString(), repair ? "repair" : "verify", Instant.now(),
                names);
        slot.take(held);
        VerificationRun run = new VerificationRun(held.id(), repair, names);
        last = run;
        slot.submit(held, () -> execute(run));
        return run;
    }

    private void execute(VerificationRun run) {
        boolean failed = false;
        try {
            Map<String, TableContext> all = catalog.discover();
            for (TableVerification tv : run.tables().values()) {
                failed |= !verifyTable(run, all.get(tv.table()), tv);
            }
        } catch (Exception e) {
            failed = true;
            LOG.errorf("Verification %s failed: %s", run.id(), e.getMessage());
        } finally {
            run.finish(failed ? "failed" : "done");
        }
    }

    /** Verifies (or repairs, under its lease) one table; false when it failed. */
    private boolean verifyTable(VerificationRun run, TableContext table, TableVerification tv) {
        if (!run.repair()) {
            return verifyNow(run, table, tv, PageListener.NONE);
        }
        if (!engine.reserve(tv.table())) {
            tv.finish("skipped", "a re-snapshot or repair of the table is in progress on this replica");
            return true;
        }
        try {
            TableLeases.Held lease = leases.take(tv.table(), engine.owner());
            if (lease == null) {
                tv.finish("skipped", "lease held by " + leases.holder(tv.table()));
                return true;
            }
            try (lease) {
                lease.claim(); // fenced like a sync pass; the repair renews the lease after every page
                return verifyNow(run, table, tv, lease::beforeWrite);
            }
        } finally {
            engine.release(tv.table());
        }
    }

    private boolean verifyNow(VerificationRun run, TableContext table, TableVerification tv, PageListener listener) {
        try {
            String unchecked = verifier.verify(table, run.repair(), tv, listener);
            tv.finish("done", unchecked); // done, with what it could not check named in its error
            LOG.infof("%s of table %s: %d matching, %d missing, %d extra, %d different, %d repaired",
                    run.repair() ? "Repair" : "Verification", tv.table(), tv.matching(), tv.missing(),
                    tv.extra(), tv.different(), tv.repaired());
            if (run.repair() && tv.differences() > 0) {
                events.repairDifferences(run.id(), tv.table(), tv.matching(), tv.missing(), tv.extra(),
                        tv.different(), tv.repaired());
            }
            return true;
        } catch (Exception e) {
            tv.finish("failed", e.getMessage());
            LOG.errorf(e, "Verification of table %s failed", tv.table());
            return false;
        }
    }
}
