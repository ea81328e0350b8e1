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
import io.mysqlmongosync.source.ColumnInfo;
import io.mysqlmongosync.target.CheckpointStore;
import io.mysqlmongosync.target.LeaseStore;
import io.mysqlmongosync.target.TableCheckpoint;
import io.mysqlmongosync.target.TargetDatabase;
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
    private final io.mysqlmongosync.target.ConflictStore conflictStore;
    @jakarta.inject.Inject
    io.mysqlmongosync.health.ConnectionValidator validator;

    StatusView(SyncController controller, SyncEngine engine, TableCatalog catalog, CheckpointStore checkpoints,
            LeaseStore leases, RunHistory history, TargetDatabase target, DataSource dataSource, MongoClient mongo,
            io.mysqlmongosync.target.ConflictStore conflictStore, io.mysqlmongosync.engine.SchemaDriftDetector drift) {
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
        Map<String, String> holders = leases.holders();
        Map<String, TableProgress> progress = engine.progress();
        Map<String, TableStatus> tables = new LinkedHashMap<>();
        for (String name : catalog.configuredTables()) {
            TableProgress p = progress.get(name);
            TableResult r = last == null ? null : last.tables().stream().filter(t -> t.table().equals(name)).findFirst()
                    .orElse(null);
            TableCheckpoint cp = checkpoints.load(name).orElse(null);
            String collection = catalog.table(name).map(TableContext::collection).orElse(name);
            boolean inRun = active != null && active.tables().contains(name);
            String lastStatus = inRun && p != null && (r == null || !isAfter(active, last)) ? "running"
                    : r == null ? (inRun ? "pending" : null) : r.status();
            tables.put(name, new TableStatus(collection, cursorOf(cp), cp == null ? "not_started" : cp.phase().name()
                    .toLowerCase(), target.collection(collection).estimatedDocumentCount(),
                    p == null ? (r != null && r.succeeded() ? 1.0 : 0.0) : round(p.fraction()),
                    p == null ? null : (p.etaSeconds() < 0 ? null : p.etaSeconds()), lastStatus,
                    p == null ? (r == null ? null : r.mode()) : p.mode(), holders.get(name)));
        }
        List<String> synced = last == null ? List.of()
                : last.tables().stream().filter(TableResult::succeeded).map(TableResult::table).toList();
        SyncMetricsView metrics = new SyncMetricsView(last == null ? 0 : last.totalRecords(),
                last == null ? null : hms(Duration.between(last.startedAt(), last.finishedAt())), successRate());
        return new StatusResponse(!s.paused(), s.paused(), s.pausedReason(), active != null,
                active == null ? null : active.id(), s.lastRunAt(), s.paused() ? null : s.nextRunAt(),
                s.intervalMinutes(), synced, metrics, tables, engine.owner(),
                controller.lastVerification() == null ? null : verification(controller.lastVerification()));
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
        return new HealthResponse(mysql, mongodb, last != null ? last.status() : s == null ? null : s.lastStatus(),
                active == null ? 0 : active.tables().size(), errors);
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
            out.add(new TableView(t.name(), t.collection(), t.strategy().getClass().getSimpleName().replace("_Subclass", ""),
                    t.schema().primaryKey().stream().map(ColumnInfo::name).toList(),
                    t.schema().changeColumn().map(ColumnInfo::name).orElse(null),
                    t.schema().changeColumn().map(c -> t.schema().hasIndexLeadingWith(c.name())).orElse(false),
                    columns, cursorOf(cp), cp == null ? "not_started" : cp.phase().name().toLowerCase(),
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

    private static boolean isAfter(SyncController.ActiveRun active, RunResult last) {
        return last.startedAt().isAfter(active.startedAt());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String hms(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
