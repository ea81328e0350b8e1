package io.mysqlmongosync.engine;

import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.sink.DocumentCounts;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.engine.port.Dependencies;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Assembles where the sync stands from the control state, the run in progress, the recent results, the
 * checkpoints, the leases and the metrics: the answer of the status API, as typed records.
 */
@ApplicationScoped
public class StatusService {

    private final ControlService control;
    private final RunSlot slot;
    private final RecentResults results;
    private final VerificationService verifications;
    private final SyncEngine engine;
    private final TableCatalog catalog;
    private final Checkpoints checkpoints;
    private final LeaseStore leases;
    private final SchemaDriftDetector drift;
    private final DocumentCounts counts;
    private final RunHistory history;
    private final SyncMetrics metrics;
    private final BinlogStreams streams;
    private final LeaseOverview leaseOverview;
    private final Dependencies dependencies;
    private final Reconciler reconciler;

    StatusService(ControlService control, RunSlot slot, RecentResults results, VerificationService verifications,
            SyncEngine engine, TableCatalog catalog, Checkpoints checkpoints, LeaseStore leases,
            SchemaDriftDetector drift, DocumentCounts counts, RunHistory history, SyncMetrics metrics,
            BinlogStreams streams, LeaseOverview leaseOverview, Dependencies dependencies, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.dependencies = dependencies;
        this.streams = streams;
        this.leaseOverview = leaseOverview;
        this.control = control;
        this.slot = slot;
        this.results = results;
        this.verifications = verifications;
        this.engine = engine;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.leases = leases;
        this.drift = drift;
        this.counts = counts;
        this.history = history;
        this.metrics = metrics;
    }

    /** The whole status, read now (control state, checkpoints, leases and counts from MongoDB). */
    public StatusReport status() {
        Map<String, Dependencies.State> deps = new LinkedHashMap<>();
        Dependencies.NAMES.forEach(d -> deps.put(d, dependencies.state(d)));
        boolean down = deps.values().stream().anyMatch(d -> !d.ok());
        ControlState s = control.state();
        ActiveRun active = slot.active();
        boolean syncRun = active != null && !active.verification();
        Map<String, String> holders = leases.holders();
        Map<String, TableProgress> progress = engine.progress();
        Set<String> syncing = engine.syncing(); // a re-snapshot syncs its table outside any run
        Map<String, TableResult> finishedNow = syncRun ? engine.finishedInRun() : Map.of();
        Map<String, SyncController.LastTableResult> latest = results.byTable();
        Map<String, StatusReport.Table> tables = new LinkedHashMap<>();
        for (String name : catalog.configuredTables()) {
            TableResult now = finishedNow.get(name);
            SyncController.LastTableResult last = now != null
                    ? new SyncController.LastTableResult(active.id(), null, now) : latest.get(name);
            boolean queued = syncRun && now == null && active.tables().contains(name);
            tables.put(name, table(name, last, syncing.contains(name) ? progress.get(name) : null,
                    holders.get(name), queued, down));
        }
        return new StatusReport(overallState(s, tables.values(), down), s, active, results.lastRun(), tables,
                engine.owner(), verifications.last(), successRate(), deps);
    }

    private StatusReport.Table table(String name, SyncController.LastTableResult last, TableProgress p, String holder,
            boolean queued, boolean dependencyDown) {
        TableResult r = last == null ? null : last.result();
        TableCheckpoint cp = checkpoints.load(name).orElse(null);
        TableContext context = catalog.table(name).orElse(null);
        String collection = context == null ? name : context.collection();
        String blocked = drift.stored(name).getString("blocked");
        CaptureStatus stream = streams.status(name);
        boolean streamDown = stream != null && ("down".equals(stream.streamState())
                || "failing".equals(stream.streamState()) || "failed".equals(stream.streamState()));
        String state;
        if (p != null) {
            state = "initial".equals(p.mode()) ? "loading" : "syncing";
        } else if (holder != null && !holder.equals(engine.owner())) {
            state = "syncing"; // by another replica, named by lease_holder
        } else if (blocked != null || stream != null && ("position_lost".equals(stream.streamState())
                || "schema_mismatch".equals(stream.streamState()))) {
            state = "blocked";
        } else if (queued) {
            state = "queued";
        } else if (r != null && "failed".equals(r.status())) {
            state = "failed";
        } else if (dependencyDown || streamDown) {
            state = "down"; // nothing syncs it while MySQL or MongoDB refuses or its stream does not run
        } else {
            state = stream != null && "streaming".equals(stream.streamState()) ? "streaming" : "idle";
        }
        boolean loading = "loading".equals(state);
        String lastError = blocked != null ? "blocked by schema drift: " + blocked
                : "blocked".equals(state) || streamDown ? stream.error() : r == null || r.succeeded() ? null : r.error();
        Double lag = stream != null && stream.lagSeconds() != null && "streaming".equals(state) ? stream.lagSeconds()
                : metrics.lag(name);
        CaptureStatus capture = stream != null ? stream
                : context == null ? null : CaptureStatus.of(context.captureMode());
        return new StatusReport.Table(collection, state, phaseOf(cp, context), cursorOf(cp),
                counts.estimated(collection), loading ? round(p.fraction()) : null,
                loading && p.etaSeconds() >= 0 ? p.etaSeconds() : null, lag, last, lastError,
                metrics.tableLastSuccess(name), holder, capture)
                .withLeases(leaseOverview.lease(name), leaseOverview.chunks(name))
                .withReconcileProblem(context == null || !context.ownCollection() ? null
                        : reconciler.problem(context).orElse(null));
    }

    /**
     * One state for the whole service, like a connector's: PAUSED by an operator (or SYNC_ENABLED=false); FAILED
     * when it paused itself (critical error, repeated failed runs), when MySQL or MongoDB refuses the sync or does
     * not answer ({@code dependencyDown}), or no table can sync; DEGRADED when some tables failed, are blocked or
     * down (a stream that does not run); else RUNNING.
     */
    static String overallState(ControlState s, Collection<StatusReport.Table> tables, boolean dependencyDown) {
        if (s.paused()) {
            return s.pausedByFailure() ? "FAILED" : "PAUSED";
        }
        if (dependencyDown) {
            return "FAILED";
        }
        long bad = tables.stream().filter(t -> "failed".equals(t.state()) || "blocked".equals(t.state())
                || "down".equals(t.state())).count();
        return bad == 0 ? "RUNNING" : bad == tables.size() ? "FAILED" : "DEGRADED";
    }

    /**
     * The run side of the health answer, from memory only (never waiting for MongoDB): the last run's status, the
     * tables of the active run (or verification) not finished yet, and the rows skipped plus tables failed in the
     * last run.
     */
    public RunHealth runHealth() {
        ControlState s = control.lastKnownState();
        RunResult last = results.lastRun();
        long errors = last == null ? 0 : last.tables().stream()
                .mapToLong(t -> t.skipped() + ("failed".equals(t.status()) ? 1 : 0)).sum();
        return new RunHealth(last != null ? last.status() : s == null ? null : s.lastStatus(),
                pending(slot.active()), errors);
    }

    /** The tables of the active run (or verification) not finished yet; 0 when nothing runs. */
    private int pending(ActiveRun active) {
        if (active == null) {
            return 0;
        }
        if (active.verification()) {
            VerificationRun v = verifications.last();
            return v == null ? 0 : (int) v.tables().values().stream().filter(t -> "running".equals(t.status())).count();
        }
        Map<String, TableResult> done = engine.finishedInRun();
        return (int) active.tables().stream().filter(t -> !done.containsKey(t)).count();
    }

    /** Where a table stands, one field: not_started, initial (load not finished), incremental or full. */
    static String phaseOf(TableCheckpoint cp, TableContext context) {
        if (context != null && context.schema().changeColumn().isEmpty()) {
            return cp == null ? "not_started" : "full";
        }
        return cp == null ? "not_started" : cp.phase().name().toLowerCase(Locale.ROOT);
    }

    /** The change cursor, or the load position during an initial load (binary values hidden); null without one. */
    static List<Object> cursorOf(TableCheckpoint cp) {
        if (cp == null) {
            return null;
        }
        Object[] c = cp.phase() == TableCheckpoint.Phase.INITIAL ? cp.loadPosition() : cp.cursor();
        return c == null ? null : Arrays.stream(c).map(v -> v instanceof byte[] ? "(binary)" : v).toList();
    }

    private Double successRate() {
        List<Document> runs = history.since(Instant.now().minus(Duration.ofDays(1)));
        long finished = runs.stream().filter(d -> !"running".equals(d.getString("status"))).count();
        if (finished == 0) {
            return null;
        }
        long ok = runs.stream().filter(d -> "success".equals(d.getString("status"))).count();
        return Math.round(ok * 1000.0 / finished) / 10.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * The run side of {@code GET /sync/health}.
     *
     * @param lastStatus the last run's status, or null
     * @param pending tables of the active run not finished yet
     * @param errors rows skipped plus tables failed in the last run
     */
    public record RunHealth(String lastStatus, int pending, long errors) {
    }
}
