package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.events.RunEvents;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.sink.RepairProgressStore;
import io.mysqlmongosync.sink.RepairProgressStore.Last;
import io.mysqlmongosync.sink.RepairProgressStore.Progress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Scheduled repair: every {@link RepairSchedules} interval a table is verified and repaired one bounded chunk at a
 * time ({@link Verifier#repairChunk}, SYNC_REPAIR_BUDGET_ROWS rows and documents), resuming where the last repair
 * stopped ({@link RepairProgressStore}), so writes polling cannot see (a plain UPDATE that leaves the change column
 * alone, triggers, batch jobs, hand fixes) converge within one repair interval of a table that fits the budget. It
 * runs in this replica's run slot (never at the same time as a sync run or verification of this replica) and under
 * the table's lease (never at the same time on two replicas: the replica that gets the lease reads the schedule
 * again and repairs only when it is still due; a changed interval counts from the last start), skipped while paused and before the table's first load. Tables
 * streamed from the binlog are not repaired on a schedule: the binlog sees every write. Each finding is counted
 * ({@code sync_repair_rows_total{table,kind}}), a repair that found differences sends the {@code repair.differences}
 * run event, and a table that needed repairs {@value #REPEATED} times in a row gets a WARN naming the likely cause.
 */
@ApplicationScoped
public class ScheduledRepairs {

    /** Repairs in a row with differences after which the WARN is logged. */
    static final int REPEATED = 3;
    /** The trigger of the slot it holds: counts as a verification (see {@link ActiveRun#verification()}). */
    static final String TRIGGER = "repair";

    private static final Logger LOG = Logger.getLogger(ScheduledRepairs.class);

    private final RepairSchedules schedules;
    private final RepairProgressStore store;
    private final TableCatalog catalog;
    private final Verifier verifier;
    private final TableLeases leases;
    private final RunSlot slot;
    private final SyncEngine engine;
    private final ControlService control;
    private final Checkpoints checkpoints;
    private final ScheduleClock clock;
    private final SyncMetrics metrics;
    private final RunEvents events;
    private final long budget;

    ScheduledRepairs(RepairSchedules schedules, RepairProgressStore store, TableCatalog catalog, Verifier verifier,
            TableLeases leases, RunSlot slot, SyncEngine engine, ControlService control, Checkpoints checkpoints,
            ScheduleClock clock, SyncMetrics metrics, RunEvents events, SyncConfig config) {
        this.schedules = schedules;
        this.store = store;
        this.catalog = catalog;
        this.verifier = verifier;
        this.leases = leases;
        this.slot = slot;
        this.engine = engine;
        this.control = control;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
        this.budget = config.repairBudgetRows();
    }

    /** One table's repair schedule and its last repair (null before the first), for the status. */
    public record RepairStatus(int intervalMinutes, Instant nextRunAt, int streak, LastRepair last) {
    }

    /**
     * The figures of one repair, as stored.
     *
     * @param status {@code done}, {@code failed} or {@code skipped}
     * @param wrapped whether the row walk reached the end of the table (the next one starts at the first row)
     */
    public record LastRepair(Instant startedAt, Instant finishedAt, String status, long checked, long missing,
            long extra, long different, long repaired, boolean wrapped, String error) {

        static LastRepair of(Last l) {
            return l == null ? null : new LastRepair(l.startedAt(), l.finishedAt(), l.status(), l.checked(),
                    l.missing(), l.extra(), l.different(), l.repaired(), l.wrapped(), l.error());
        }
    }

    /** The repair schedule of every table of {@code tables} that has one (interval above 0), by table. */
    public Map<String, RepairStatus> status(Collection<String> tables) {
        List<String> scheduled = tables.stream().filter(t -> schedules.intervalOf(t) > 0).toList();
        if (scheduled.isEmpty()) {
            return Map.of();
        }
        Map<String, Progress> stored = store.loadAll(scheduled);
        Map<String, RepairStatus> out = new java.util.LinkedHashMap<>();
        for (String t : scheduled) {
            Progress p = stored.getOrDefault(t, Progress.NONE);
            int minutes = schedules.intervalOf(t);
            out.put(t, new RepairStatus(minutes, p.nextAt(minutes), p.streak(), LastRepair.of(p.last())));
        }
        return out;
    }

    /**
     * Called every scheduler tick: starts the repair of the tables that are due in the run slot, unless paused, the
     * slot is busy (the next tick tries again) or no table is repaired on a schedule.
     */
    public void runIfDue() {
        if (!schedules.any() || slot.active() != null) {
            return;
        }
        ControlState state = control.lastKnownState();
        if (state == null || state.paused()) {
            return;
        }
        Instant now = clock.now();
        List<String> scheduled = catalog.configuredTables().stream().filter(t -> schedules.intervalOf(t) > 0).toList();
        Map<String, Progress> stored = store.loadAll(scheduled);
        List<String> due = new ArrayList<>();
        for (String t : scheduled) {
            Instant next = stored.getOrDefault(t, Progress.NONE).nextAt(schedules.intervalOf(t));
            if (next == null || !now.isBefore(next)) {
                due.add(t);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        ActiveRun run = new ActiveRun(UUID.randomUUID().toString(), TRIGGER, Instant.now(), due);
        try {
            slot.take(run);
        } catch (RunInProgressException busy) {
            return;
        }
        slot.submit(run, () -> execute(run));
    }

    private void execute(ActiveRun run) {
        try {
            Map<String, TableContext> all = catalog.discover();
            for (String name : run.tables()) {
                TableContext table = all.get(name);
                if (table != null) {
                    repairIfStillDue(run.id(), table);
                }
            }
        } catch (Exception e) {
            LOG.warnf("Scheduled repair %s stopped (the next tick tries again): %s", run.id(), e.getMessage());
        }
    }

    private void repairIfStillDue(String runId, TableContext table) throws Exception {
        String name = table.name();
        if (checkpoints.load(name).isEmpty() || !engine.reserve(name)) {
            return; // not loaded yet (the load writes every row), or a re-snapshot holds it: a later tick
        }
        try {
            TableLeases.Held lease = leases.take(name, engine.owner());
            if (lease == null) {
                return; // another replica syncs or repairs it now: a later tick asks again
            }
            try (lease) {
                Progress before = store.load(name); // under the lease: another replica may just have repaired it
                Instant now = clock.now();
                int minutes = schedules.intervalOf(name);
                if (before.nextAt(minutes) != null && now.isBefore(before.nextAt(minutes))) {
                    return;
                }
                Instant next = now.plus(Duration.ofMinutes(minutes));
                if (BinlogCapture.NAME.equals(table.captureMode())) {
                    Instant at = Instant.now();
                    store.save(name, new Progress(null, null, next, minutes, 0, new Last(at, at, "skipped", 0, 0, 0, 0, 0,
                            false, "streamed from the binlog, which sees every write: no scheduled repair needed")));
                    return;
                }
                lease.claim();
                repair(runId, table, lease, before, next, minutes);
            }
        } finally {
            engine.release(name);
        }
    }

    private void repair(String runId, TableContext table, TableLeases.Held lease, Progress before, Instant next,
            int minutes) {
        String name = table.name();
        TableVerification tv = new TableVerification(name);
        Instant started = Instant.now();
        Verifier.Chunk chunk = null;
        String error = null;
        try {
            chunk = verifier.repairChunk(table, tv, lease::beforeWrite, before.rowsAfter(), before.docsAfter(), budget);
            error = chunk.unchecked();
        } catch (Exception e) {
            error = String.valueOf(e.getMessage());
            LOG.errorf(e, "Scheduled repair of table %s failed; the next one resumes where this one started", name);
        }
        long checked = tv.matching() + tv.missing() + tv.different() + tv.skipped();
        int streak = tv.differences() > 0 ? before.streak() + 1 : chunk == null ? before.streak() : 0;
        Last last = new Last(started, Instant.now(), chunk == null ? "failed" : "done", checked, tv.missing(),
                tv.extra(), tv.different(), tv.repaired(), chunk != null && chunk.rowsAfter() == null, error);
        store.save(name, chunk == null
                ? new Progress(before.rowsAfter(), before.docsAfter(), next, minutes, streak, last)
                : new Progress(chunk.rowsAfter(), chunk.docsAfter(), next, minutes, streak, last));
        metrics.repairRows(name, "checked", checked);
        metrics.repairRows(name, "missing", tv.missing());
        metrics.repairRows(name, "extra", tv.extra());
        metrics.repairRows(name, "different", tv.different());
        metrics.repairRows(name, "repaired", tv.repaired());
        LOG.infof("Scheduled repair of table %s: %d checked, %d missing, %d extra, %d different, %d repaired%s;"
                + " next at %s", name, checked, tv.missing(), tv.extra(), tv.different(), tv.repaired(),
                last.wrapped() ? " (whole table covered, the next one starts at the first row)" : "", next);
        if (tv.differences() > 0) {
            events.repairDifferences(runId, name, tv.matching(), tv.missing(), tv.extra(), tv.different(),
                    tv.repaired());
        }
        if (streak >= REPEATED) {
            LOG.warnf("Table %s needed repairs in %d scheduled repairs in a row (this time %d missing, %d different,"
                    + " %d extra): something writes to it without moving its change column %s (a plain UPDATE of a"
                    + " counter, a trigger, a batch job, a hand fix), which polling cannot see. Fix: binlog capture"
                    + " (SYNC_%s_CAPTURE_MODE=binlog, or SYNC_CAPTURE_MODE=binlog) sees every write; until then the"
                    + " scheduled repair keeps the collection converging", name, streak, tv.missing(), tv.different(),
                    tv.extra(), table.schema().changeColumn().map(c -> c.name()).orElse("(none)"),
                    name.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
