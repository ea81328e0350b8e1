package io.mysqlmongosync.api;

import io.mysqlmongosync.api.ApiModels.ColumnView;
import io.mysqlmongosync.api.ApiModels.HealthResponse;
import io.mysqlmongosync.api.ApiModels.StatusResponse;
import io.mysqlmongosync.api.ApiModels.SyncMetricsView;
import io.mysqlmongosync.api.ApiModels.TableStatus;
import io.mysqlmongosync.api.ApiModels.TableVerificationView;
import io.mysqlmongosync.api.ApiModels.TableView;
import io.mysqlmongosync.api.ApiModels.VerificationView;
import io.mysqlmongosync.engine.ControlService;
import io.mysqlmongosync.engine.ControlState;
import io.mysqlmongosync.engine.RunHistory;
import io.mysqlmongosync.engine.RowRecords;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.ScheduledRepairs;
import io.mysqlmongosync.engine.StatusReport;
import io.mysqlmongosync.engine.reverse.ReverseCapture;
import io.mysqlmongosync.engine.reverse.ReverseOutcome;
import io.mysqlmongosync.engine.reverse.ReversePass;
import io.mysqlmongosync.engine.reverse.ReverseResult;
import io.mysqlmongosync.engine.reverse.ReverseStreams;
import io.mysqlmongosync.engine.reverse.ReverseTables;
import io.mysqlmongosync.engine.StatusService;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.TableOverview;
import io.mysqlmongosync.engine.TableOverviews;
import io.mysqlmongosync.engine.TableResult;
import io.mysqlmongosync.engine.TableSchedules;
import io.mysqlmongosync.engine.TableVerification;
import io.mysqlmongosync.engine.VerificationRun;
import io.mysqlmongosync.engine.port.Dependencies;
import io.mysqlmongosync.health.ConnectionProblem;
import io.mysqlmongosync.health.ConnectionValidator;
import io.mysqlmongosync.schema.ColumnInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Maps the answers of the engine's status services onto the API's response records. */
@ApplicationScoped
public class StatusView {

    private final StatusService status;
    private final TableOverviews overviews;
    private final RunHistory history;
    private final RowRecords records;
    private final ConnectionValidator validator;
    private final ReversePass reverse;
    private final ReverseTables reverseTables;
    private final ReverseCapture reverseCapture;
    private final ReverseStreams reverseStreams;
    private final ControlService control;
    private final TableSchedules schedules;
    private final ScheduledRepairs repairs;

    StatusView(ScheduledRepairs repairs, StatusService status, TableOverviews overviews, RunHistory history,
            RowRecords records,
            ConnectionValidator validator, ReversePass reverse, ReverseTables reverseTables,
            ReverseCapture reverseCapture, ReverseStreams reverseStreams,
            ControlService control, TableSchedules schedules) {
        this.repairs = repairs;
        this.reverse = reverse;
        this.reverseTables = reverseTables;
        this.reverseCapture = reverseCapture;
        this.reverseStreams = reverseStreams;
        this.status = status;
        this.control = control;
        this.schedules = schedules;
        this.overviews = overviews;
        this.history = history;
        this.records = records;
        this.validator = validator;
    }

    StatusResponse status() {
        StatusReport r = status.status();
        ControlState s = r.control();
        Map<String, TableStatus> tables = new LinkedHashMap<>();
        Map<String, ReverseResult> reversed = reverse.latest();
        Map<String, ScheduledRepairs.RepairStatus> repaired = repairs(r.tables().keySet());
        r.tables().forEach((name, t) -> tables.put(name, table(t, reverse(name, reversed.get(name)),
                schedule(s, name), repair(repaired.get(name)))));
        RunResult last = r.lastRun();
        SyncMetricsView metricsView = new SyncMetricsView(last == null ? 0 : last.totalRecords(),
                last == null ? null : hms(Duration.between(last.startedAt(), last.finishedAt())), r.successRate());
        return new StatusResponse(r.state(), !s.paused(), s.paused(), s.pausedReason(), r.active() != null,
                r.active() == null ? null : r.active().id(), s.lastRunAt(), s.paused() ? null : s.nextRunAt(),
                s.intervalMinutes(), r.synced(), metricsView, tables, r.replica(),
                r.verification() == null ? null : verification(r.verification()),
                r.dependencies().values().stream().allMatch(Dependencies.State::ok), dependencies(r));
    }

    private static Map<String, ApiModels.DependencyView> dependencies(StatusReport r) {
        Map<String, ApiModels.DependencyView> out = new LinkedHashMap<>();
        r.dependencies().forEach((name, d) -> out.put(name, new ApiModels.DependencyView(d.state(), d.message())));
        return out;
    }

    /** The reverse direction of {@code table}: null when it is not opted in or nothing happened yet. */
    private ApiModels.ReverseView reverse(String table, ReverseResult rev) {
        ReverseStreams.StreamStatus stream = reverseStreams.status(table);
        if (rev == null && stream == null || !reverseTables.enabled(table)) {
            return null;
        }
        long[] n = new long[ReverseOutcome.values().length];
        for (ReverseOutcome o : ReverseOutcome.values()) {
            n[o.ordinal()] = rev == null ? 0 : rev.count(o);
        }
        return new ApiModels.ReverseView(stream != null ? ReverseCapture.STREAM : reverseCapture.label(),
                stream == null ? null : stream.state(), stream == null ? null : stream.lastEventAt(),
                stream == null ? null : stream.lagSeconds(), stream == null ? null : stream.error(),
                rev == null ? null : rev.finishedAt(), rev == null ? 0 : rev.durationMillis(),
                rev == null ? 0 : rev.read(), n[ReverseOutcome.WRITTEN.ordinal()],
                n[ReverseOutcome.CONFLICT_WRITTEN.ordinal()], n[ReverseOutcome.CONFLICT_KEPT.ordinal()],
                n[ReverseOutcome.REFUSED.ordinal()], n[ReverseOutcome.MISSING.ordinal()],
                n[ReverseOutcome.UNCHANGED.ordinal()], n[ReverseOutcome.DELETED.ordinal()],
                n[ReverseOutcome.CONFLICT_DELETED.ordinal()], new ApiModels.ReverseInsertsView(
                        rev == null ? 0 : rev.inserted(ReverseOutcome.WRITTEN),
                        rev == null ? 0 : rev.inserted(ReverseOutcome.CONFLICT_WRITTEN),
                        rev == null ? 0 : rev.inserted(ReverseOutcome.CONFLICT_KEPT),
                        rev == null ? 0 : rev.inserted(ReverseOutcome.REFUSED),
                        rev == null ? 0 : rev.inserted(ReverseOutcome.UNCHANGED)));
    }

    /** The schedule {@code table} follows: its own or the default one; no next run while paused. */
    private ApiModels.TableScheduleView schedule(ControlState s, String table) {
        ControlState.TableSchedule own = control.scheduleOf(s, table);
        return new ApiModels.TableScheduleView(own.intervalMinutes(),
                schedules.intervalOf(table).isPresent() ? "table" : "default",
                s.paused() ? null : own.nextRunAt());
    }

    /** The scheduled repairs of {@code tables}; none when they cannot be read now (the rest of the status answers). */
    private Map<String, ScheduledRepairs.RepairStatus> repairs(java.util.Set<String> tables) {
        try {
            return repairs.status(tables);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** A table's scheduled repair, or null when it has none. */
    private static ApiModels.RepairView repair(ScheduledRepairs.RepairStatus r) {
        if (r == null) {
            return null;
        }
        ScheduledRepairs.LastRepair l = r.last();
        return new ApiModels.RepairView(r.intervalMinutes(), r.nextRunAt(), r.streak(), l == null ? null
                : new ApiModels.LastRepairView(l.status(), l.startedAt(), l.finishedAt(), l.checked(), l.missing(),
                        l.extra(), l.different(), l.repaired(), l.wrapped(), l.error()));
    }

    private static TableStatus table(StatusReport.Table t, ApiModels.ReverseView reverse,
            ApiModels.TableScheduleView schedule, ApiModels.RepairView repair) {
        TableResult r = t.last() == null ? null : t.last().result();
        return new TableStatus(t.collection(), t.state(), t.phase(), t.cursor(), t.documents(), t.documents(),
                t.progress(), t.etaSeconds(), t.lagSeconds(), r == null ? null : r.status(), view(t.last()),
                t.lastError(), t.lastSuccessAt(), t.leaseHolder(), ApiModels.CaptureView.of(t.capture()), reverse,
                lease(t.lease()), t.chunks() == null ? null
                        : t.chunks().stream().map(c -> new ApiModels.ChunkView(c.index(), c.lower(), c.upper(),
                                c.done(), c.position(), c.owner(), lease(c.lease()))).toList(),
                t.reconcileProblem(), schedule.intervalMinutes(), schedule.intervalSource(), schedule.nextRunAt(),
                repair);
    }

    private static ApiModels.LeaseView lease(StatusReport.LeaseInfo l) {
        return l == null ? null : new ApiModels.LeaseView(l.owner(), l.epoch(), l.expiresAt(), l.live());
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
        for (ConnectionProblem p : validator.problems()) {
            if (p.component().equals("mysql")) {
                mysql = "unhealthy: " + p.message();
            } else {
                mongodb = "unhealthy: " + p.message();
            }
        }
        StatusService.RunHealth run = status.runHealth();
        return new HealthResponse(mysql, mongodb, run.lastStatus(), run.pending(), run.errors());
    }

    List<ReadModels.RunView> history(int limit) {
        return history.recent(limit).stream().map(ReadModels.RunView::of).toList();
    }

    VerificationView verification(VerificationRun v) {
        Map<String, TableVerificationView> tables = new LinkedHashMap<>();
        for (TableVerification t : v.tables().values()) {
            tables.put(t.table(), new TableVerificationView(t.status(), t.matching(), t.missing(), t.extra(),
                    t.different(), t.skipped(), t.repaired(), keys(t.missingKeys()), keys(t.extraKeys()),
                    keys(t.differentKeys()), t.error()));
        }
        return new VerificationView(v.id(), v.repair(), v.status(), v.startedAt().toString(),
                v.finishedAt() == null ? null : v.finishedAt().toString(), tables);
    }

    private static List<Object> keys(List<Object> ids) {
        return ids.stream().map(id -> id instanceof Document d ? (Object) BsonJson.plain(d)
                : id instanceof Number || id instanceof String ? id : BsonJson.plain(new Document("v", id)).get("v"))
                .toList();
    }

    ReadModels.ConflictPage conflicts(String table, int offset, int limit) {
        return new ReadModels.ConflictPage(records.conflictCount(table), offset, limit,
                records.conflicts(table, offset, limit).stream().map(ReadModels.ConflictView::of).toList());
    }

    /** One page of {@code _sync_dead_letters}, the most recently met first. */
    ReadModels.DeadLetterPage deadLetters(String table, int offset, int limit) {
        return new ReadModels.DeadLetterPage(records.deadLetterCount(table), offset, limit,
                records.deadLetters(table, offset, limit).stream().map(ReadModels.DeadLetterView::of).toList());
    }

    List<TableView> tables() {
        List<TableView> out = new ArrayList<>();
        for (TableOverview o : overviews.all()) {
            TableContext t = o.table();
            List<ColumnView> columns = t.schema().columns().stream()
                    .map(c -> new ColumnView(c.name(), c.columnType(), bsonType(c), c.nullable())).toList();
            out.add(new TableView(t.name(), t.collection(), o.strategy(),
                    t.schema().primaryKey().stream().map(ColumnInfo::name).toList(),
                    t.schema().changeColumn().map(ColumnInfo::name).orElse(null),
                    t.schema().changeColumn().map(c -> t.schema().hasIndexLeadingWith(c.name())).orElse(false),
                    columns, o.cursor(), o.phase(), t.schema().estimatedRows(), o.documents(),
                    t.softDeleteColumn(), o.blocked(), o.driftEvents().stream().map(BsonJson::plain).toList(),
                    t.captureMode(), ApiModels.CaptureView.of(o.capture())));
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

    static String hms(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
