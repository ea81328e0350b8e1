package io.mysqlmongosync.api;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.api.ApiModels.ColumnView;
import io.mysqlmongosync.api.ApiModels.HealthResponse;
import io.mysqlmongosync.api.ApiModels.StatusResponse;
import io.mysqlmongosync.api.ApiModels.SyncMetricsView;
import io.mysqlmongosync.api.ApiModels.TableStatus;
import io.mysqlmongosync.api.ApiModels.TableView;
import io.mysqlmongosync.engine.ControlState;
import io.mysqlmongosync.engine.RunHistory;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.TableProgress;
import io.mysqlmongosync.engine.TableResult;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.bson.Document;

/** Builds the read-only answers of the API from the controller, engine, stores and databases. */
@ApplicationScoped
public class StatusView {

    private final SyncController controller;
    private final SyncEngine engine;
    private final TableCatalog catalog;
    private final CheckpointStore checkpoints;
    private final LeaseStore leases;
    private final RunHistory history;
    private final TargetDatabase target;
    private final DataSource dataSource;
    private final MongoClient mongo;
    private final io.mysqlmongosync.engine.SchemaDriftDetector drift;
    private final io.mysqlmongosync.sink.ConflictStore conflictStore;
    @jakarta.inject.Inject
    io.mysqlmongosync.health.ConnectionValidator validator;
    @jakarta.inject.Inject
    io.mysqlmongosync.metrics.SyncMetrics metrics;

    StatusView(SyncController controller, SyncEngine engine, TableCatalog catalog, CheckpointStore checkpoints,
            LeaseStore leases, RunHistory history, TargetDatabase target, DataSource dataSource, MongoClient mongo,
            io.mysqlmongosync.sink.ConflictStore conflictStore, io.mysqlmongosync.engine.SchemaDriftDetector drift) {
        this.drift = drift;
        this.conflictStore = conflictStore;
        this.controller = controller;
        this.engine = engine;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.leases = leases;
        this.history = history;
        this.target = target;
        this.dataSource = dataSource;
        this.mongo = mongo;
    }

    StatusResponse status() {
        ControlState s = controller.state();
        RunResult last = controller.lastResult();
        SyncController.ActiveRun active = controller.activeRun();
        boolean syncRun = active != null && !"verify".equals(active.trigger()) && !"repair".equals(active.trigger());
        Map<String, String> holders = leases.holders();
        Map<String, TableProgress> progress = engine.progress();
        java.util.Set<String> syncing = syncRun ? engine.syncing() : java.util.Set.of();
        Map<String, TableResult> finishedNow = syncRun ? engine.finishedInRun() : Map.of();
        Map<String, SyncController.LastTableResult> results = controller.lastTableResults();
        Map<String, TableStatus> tables = new LinkedHashMap<>();
        for (String name : catalog.configuredTables()) {
            TableResult now = finishedNow.get(name);
            SyncController.LastTableResult lastOf = now != null
                    ? new SyncController.LastTableResult(active.id(), null, now) : results.get(name);
            TableResult r = lastOf == null ? null : lastOf.result();
            TableCheckpoint cp = checkpoints.load(name).orElse(null);
            TableContext context = catalog.table(name).orElse(null);
            String collection = context == null ? name : context.collection();
            String blocked = drift.stored(name).getString("blocked");
            TableProgress p = syncing.contains(name) ? progress.get(name) : null;
            String state;
            String holder = holders.get(name);
            if (p != null) {
                state = "initial".equals(p.mode()) ? "loading" : "syncing";
            } else if (holder != null && !holder.equals(engine.owner())) {
                state = "syncing"; // by another replica, named by lease_holder
            } else if (blocked != null) {
                state = "blocked";
            } else if (syncRun && now == null && active.tables().contains(name)) {
                state = "queued";
            } else if (r != null && "failed".equals(r.status())) {
                state = "failed";
            } else {
                state = "idle";
            }
            boolean loading = "loading".equals(state);
            long documents = target.collection(collection).estimatedDocumentCount();
            String lastError = blocked != null ? "blocked by schema drift: " + blocked
                    : r == null || r.succeeded() ? null : r.error();
            tables.put(name, new TableStatus(collection, state, phaseOf(cp, context), cursorOf(cp), documents, documents,
                    loading ? round(p.fraction()) : null, loading && p.etaSeconds() >= 0 ? p.etaSeconds() : null,
                    metrics.lag(name), r == null ? null : r.status(), view(lastOf), lastError,
                    metrics.tableLastSuccess(name), holder));
        }
        List<String> synced = tables.entrySet().stream()
                .filter(e -> e.getValue().lastResult() != null && "success".equals(e.getValue().lastStatus()))
                .map(Map.Entry::getKey).toList();
        SyncMetricsView metricsView = new SyncMetricsView(last == null ? 0 : last.totalRecords(),
                last == null ? null : hms(Duration.between(last.startedAt(), last.finishedAt())), successRate());
        return new StatusResponse(overallState(s, tables.values()), !s.paused(), s.paused(), s.pausedReason(),
                active != null, active == null ? null : active.id(), s.lastRunAt(), s.paused() ? null : s.nextRunAt(),
                s.intervalMinutes(), synced, metricsView, tables, engine.owner(),
                controller.lastVerification() == null ? null : verification(controller.lastVerification()));
    }

    /**
     * One state for the whole service, like a connector's: PAUSED by an operator (or SYNC_ENABLED=false); FAILED
     * when it paused itself (critical error, repeated failed runs) or no table can sync; DEGRADED when some tables
     * failed or are blocked; else RUNNING.
     */
    static String overallState(ControlState s, java.util.Collection<TableStatus> tables) {
        if (s.paused()) {
            String reason = s.pausedReason() == null ? "" : s.pausedReason();
            return reason.startsWith("critical error") || reason.contains("failed runs in a row") ? "FAILED" : "PAUSED";
        }
        long bad = tables.stream().filter(t -> "failed".equals(t.state()) || "blocked".equals(t.state())).count();
        return bad == 0 ? "RUNNING" : bad == tables.size() ? "FAILED" : "DEGRADED";
    }

    /** Where a table stands, one field: not_started, initial (load not finished), incremental or full. */
    private static String phaseOf(TableCheckpoint cp, TableContext context) {
        if (context != null && context.schema().changeColumn().isEmpty()) {
            return cp == null ? "not_started" : "full";
        }
        return cp == null ? "not_started" : cp.phase().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static ApiModels.TableResultView view(SyncController.LastTableResult last) {
        if (last == null) {
            return null;
        }
        TableResult r = last.result();
        return new ApiModels.TableResultView(last.runId(), r.status(), r.mode(), last.finishedAt(), r.durationMillis(),
                r.read(), r.reread(), r.created(), r.updated(), r.unchanged(), r.deleted(), r.skipped(), r.conflict(),
                r.hardDeleted(), r.warnings(), r.error());
    }

    HealthResponse health() {
        // The validator answers within a second in any outage and explains more than a ping does (password,
        // database, privileges, write permission); a pooled connection or a ping would wait for the dead server.
        String mysql = "healthy";
        String mongodb = "healthy";
        for (io.mysqlmongosync.health.ConnectionProblem p : validator.problems()) {
            if (p.component().equals("mysql")) {
                mysql = "unhealthy: " + p.message();
            } else {
                mongodb = "unhealthy: " + p.message();
            }
        }
        ControlState s = controller.lastKnownState();
        RunResult last = controller.lastResult();
        SyncController.ActiveRun active = controller.activeRun();
        long errors = last == null ? 0 : last.tables().stream()
                .mapToLong(t -> t.skipped() + ("failed".equals(t.status()) ? 1 : 0)).sum();
        return new HealthResponse(mysql, mongodb, last != null ? last.status() : s == null ? null : s.lastStatus(), pending(active),
                errors);
    }

    /** The tables of the active run (or verification) not finished yet; 0 when nothing runs. */
    private int pending(SyncController.ActiveRun active) {
        if (active == null) {
            return 0;
        }
        if ("verify".equals(active.trigger()) || "repair".equals(active.trigger())) {
            io.mysqlmongosync.engine.VerificationRun v = controller.lastVerification();
            return v == null ? 0 : (int) v.tables().values().stream().filter(t -> "running".equals(t.status())).count();
        }
        Map<String, TableResult> done = engine.finishedInRun();
        return (int) active.tables().stream().filter(t -> !done.containsKey(t)).count();
    }

    List<Map<String, Object>> history(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document d : history.recent(limit)) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", d.get("_id"));
            d.forEach((k, v) -> {
                if (!k.equals("_id")) {
                    run.put(k, v instanceof Date date ? date.toInstant().toString() : v);
                }
            });
            out.add(run);
        }
        return out;
    }

    Map<String, Object> verification(io.mysqlmongosync.engine.VerificationRun v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verification_id", v.id());
        out.put("repair", v.repair());
        out.put("status", v.status());
        out.put("started_at", v.startedAt().toString());
        out.put("finished_at", v.finishedAt() == null ? null : v.finishedAt().toString());
        Map<String, Object> tables = new LinkedHashMap<>();
        for (io.mysqlmongosync.engine.TableVerification t : v.tables().values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", t.status());
            r.put("matching", t.matching());
            r.put("missing", t.missing());
            r.put("extra", t.extra());
            r.put("different", t.different());
            r.put("skipped", t.skipped());
            r.put("repaired", t.repaired());
            r.put("sample_missing", keys(t.missingKeys()));
            r.put("sample_extra", keys(t.extraKeys()));
            r.put("sample_different", keys(t.differentKeys()));
            r.put("error", t.error());
            tables.put(t.table(), r);
        }
        out.put("tables", tables);
        return out;
    }

    private static List<Object> keys(List<Object> ids) {
        return ids.stream().map(id -> id instanceof Document d ? (Object) BsonJson.plain(d)
                : id instanceof Number || id instanceof String ? id : BsonJson.plain(new Document("v", id)).get("v"))
                .toList();
    }

    Map<String, Object> conflicts(String table, int offset, int limit) {
        List<Map<String, Object>> page = new ArrayList<>();
        for (Document d : conflictStore.page(table, offset, limit)) {
            Map<String, Object> c = BsonJson.plain(d);
            c.put("id", String.valueOf(d.get("_id")));
            c.remove("_id");
            page.add(c);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", conflictStore.count(table));
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("conflicts", page);
        return out;
    }

    List<TableView> tables() {
        List<TableView> out = new ArrayList<>();
        Map<String, TableContext> discovered;
        try {
            discovered = catalog.tables();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("MySQL is not reachable: " + e.getMessage(), e);
        }
        for (TableContext t : discovered.values()) {
            TableCheckpoint cp = checkpoints.load(t.name()).orElse(null);
            List<ColumnView> columns = t.schema().columns().stream()
                    .map(c -> new ColumnView(c.name(), c.columnType(), bsonType(c), c.nullable())).toList();
            out.add(new TableView(t.name(), t.collection(), t.strategyName(),
                    t.schema().primaryKey().stream().map(ColumnInfo::name).toList(),
                    t.schema().changeColumn().map(ColumnInfo::name).orElse(null),
                    t.schema().changeColumn().map(c -> t.schema().hasIndexLeadingWith(c.name())).orElse(false),
                    columns, cursorOf(cp), phaseOf(cp, t),
                    t.schema().estimatedRows(), t.ownCollection() ? target.collection(t.collection()).estimatedDocumentCount() : 0,
                    t.softDeleteColumn(), drift.stored(t.name()).getString("blocked"),
                    drift.stored(t.name()).getList("events", Document.class, List.of()).stream()
                            .map(BsonJson::plain).toList()));
        }
        return out;
    }

    private static String bsonType(ColumnInfo c) {
        return switch (c.kind()) {
            case BOOLEAN, BIT_BOOLEAN -> "bool";
            case INT32, YEAR -> "int";
            case INT64, BIT_LONG -> "long";
            case UINT64 -> "long|decimal";
            case DECIMAL -> "decimal";
            case DOUBLE -> "double";
            case DATETIME, DATE -> "date";
            case TIME, STRING -> "string";
            case SET -> "array";
            case JSON -> "object|array";
            case BINARY -> "binData";
            case GEOMETRY -> "object|binData";
        };
    }

    private static List<Object> cursorOf(TableCheckpoint cp) {
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

    static String hms(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
