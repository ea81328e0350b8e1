package io.mysqlmongosync.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer records of the status endpoints: {@code GET /sync/status}, {@code /sync/health}, {@code /sync/tables}
 * and the verification answers (the control endpoints' records are {@link ControlModels}, the read answers built
 * from stored documents {@link ReadModels}). Field names are written in snake_case on the wire
 * ({@code quarkus.jackson.property-naming-strategy=SNAKE_CASE}, and the same strategy for the OpenAPI document). All
 * are registered for reflection because some are written outside the places Quarkus scans (the exception mappers'
 * entities, the verification answer).
 */
@RegisterForReflection(targets = {ApiModels.SyncMetricsView.class, ApiModels.TableStatus.class,
    ApiModels.TableResultView.class, ApiModels.StatusResponse.class, ApiModels.HealthResponse.class,
    ApiModels.ColumnView.class, ApiModels.TableView.class, ApiModels.RepairView.class, ApiModels.LastRepairView.class, ApiModels.VerificationView.class,
    ApiModels.TableVerificationView.class, ApiError.class})
public final class ApiModels {

    private ApiModels() {
    }

    /** Run counters of {@code GET /sync/status}, as the seed names them. */
    @Schema(name = "SyncMetricsView")
    public record SyncMetricsView(long totalRecords,
            @Schema(nullable = true, description = "HH:MM:SS", example = "00:00:42") String lastSyncDuration,
            @Schema(nullable = true, description = "Percent of the last day's runs that succeeded") Double successRate) {
    }

    /**
     * One table in {@code GET /sync/status}. {@code state}: {@code idle}, {@code queued} (in the active run, not
     * started yet), {@code loading} (initial load or full reload: {@code progress} and {@code eta_seconds} are set
     * only then), {@code syncing} (an incremental or full-rescan pass, here or on the replica named by
     * {@code lease_holder}), {@code streaming} (its binlog stream applies changes as they commit: see
     * {@code capture}), {@code blocked} (schema drift until reset, or binlog position lost until reloaded),
     * {@code failed} (its last pass failed), {@code down} (MySQL or MongoDB refuses the sync or does not answer: see
     * {@code dependencies}). {@code phase}: {@code not_started}, {@code initial} (load not finished),
     * {@code incremental} or {@code full} (no change column: every pass reads the whole table).
     * {@code rows_total} is the same number as {@code documents}, kept for older clients.
     */
    @Schema(name = "TableStatus")
    public record TableStatus(@Schema(required = true) String collection,
            @Schema(required = true, enumeration = {"idle", "queued", "loading", "syncing", "streaming", "blocked",
                "failed", "down"}) String state,
            @Schema(required = true, enumeration = {"not_started", "initial", "incremental", "full"}) String phase,
            @Schema(nullable = true, description = "Change cursor, or load position during an initial load")
            List<Object> cursor,
            @Schema(required = true) long documents, @Schema(required = true) long rowsTotal,
            @Schema(nullable = true, description = "0..1, only while loading") Double progress,
            @Schema(nullable = true, description = "Only while loading") Long etaSeconds,
            @Schema(nullable = true) Double lagSeconds, @Schema(nullable = true) String lastStatus,
            @Schema(nullable = true) TableResultView lastResult, @Schema(nullable = true) String lastError,
            @Schema(nullable = true) Instant lastSuccessAt, @Schema(nullable = true) String leaseHolder,
            @Schema(nullable = true) CaptureView capture,
            @Schema(nullable = true, description = "The latest reverse pass (edits made in MongoDB written back to"
                    + " MySQL); null when the table is not opted in (SYNC_REVERSE_TABLES) or had none yet")
            ReverseView reverse,
            @Schema(nullable = true, implementation = LeaseView.class,
                description = "The table's lease document in _sync_leases (live or not)") LeaseView lease,
            @Schema(nullable = true, description = "The chunks of its split initial load, while one is planned and"
                + " not handed over: which replica loads which key range") List<ChunkView> chunks,
            @Schema(nullable = true, description = "Why hard-deleted rows cannot be reconciled (and extra documents"
                + " not verified) for this table: the key column whose type cannot be looked up in MySQL from the"
                + " document's _id; null when they can") String reconcileProblem,
            @Schema(required = true, description = "Minutes between the table's scheduled runs: its own"
                + " SYNC_<TABLE>_INTERVAL_MINUTES, else the default interval (sync_interval_minutes)")
            int intervalMinutes,
            @Schema(required = true, enumeration = {"table", "default"}, description = "Where interval_minutes"
                + " comes from: the table's own SYNC_<TABLE>_INTERVAL_MINUTES, or the default schedule that"
                + " PUT /sync/interval changes") String intervalSource,
            @Schema(nullable = true, description = "When the table's next scheduled run is due (a scheduled tick"
                + " syncs the tables that are due); null while paused") Instant nextRunAt,
            @Schema(nullable = true, implementation = RepairView.class, description = "The table's scheduled repair"
                + " (SYNC_REPAIR_INTERVAL_MINUTES, SYNC_<TABLE>_REPAIR_INTERVAL_MINUTES): its last run and the next;"
                + " null when the table has none") RepairView repair) {
    }

    /** A table's scheduled repair in {@code /sync/status}. */
    @Schema(name = "RepairView", example = "{\"interval_minutes\": 60, \"next_run_at\": \"2026-01-01T11:00:00Z\","
            + " \"repairs_in_a_row\": 1, \"last\": {\"status\": \"done\", \"started_at\": \"2026-01-01T10:00:00Z\","
            + " \"finished_at\": \"2026-01-01T10:00:04Z\", \"checked\": 100000, \"missing\": 0, \"extra\": 0,"
            + " \"different\": 7, \"repaired\": 7, \"whole_table_covered\": false, \"error\": null}}")
    public record RepairView(@Schema(required = true, description = "Minutes between the table's repairs")
            int intervalMinutes,
            @Schema(nullable = true, description = "When the next repair is due; null: at the next tick")
            Instant nextRunAt,
            @Schema(required = true, description = "Repairs in a row that found differences; from 3 on a WARN names"
                + " the likely cause (writes that leave the change column alone) and the fix (binlog capture)")
            int repairsInARow,
            @Schema(nullable = true, description = "The last repair; null before the first") LastRepairView last) {
    }

    /** The figures of a table's last scheduled repair. */
    @Schema(name = "LastRepairView")
    public record LastRepairView(@Schema(required = true, enumeration = {"done", "failed", "skipped"}) String status,
            Instant startedAt, Instant finishedAt,
            @Schema(description = "Rows compared (at most SYNC_REPAIR_BUDGET_ROWS, in whole pages)") long checked,
            @Schema(description = "Rows without a document") long missing,
            @Schema(description = "Documents without a row") long extra,
            @Schema(description = "Rows whose document differs") long different,
            @Schema(description = "Documents rewritten or deleted") long repaired,
            @Schema(description = "The walk reached the end of the table; the next repair starts at the first row")
            boolean wholeTableCovered,
            @Schema(nullable = true, description = "Why it failed, or what it could not check") String error) {
    }

    /** The schedule one table follows, as {@code /sync/status} shows it in the table's entry. */
    record TableScheduleView(int intervalMinutes, String intervalSource, Instant nextRunAt) {
    }

    /**
     * How a table's changes are captured: {@code mode} {@code binlog} (streamed), {@code timestamp} or
     * {@code rescan} (polled). For a streamed table {@code stream_state} is {@code starting}, {@code streaming},
     * {@code standby} (another replica streams it), {@code paused}, {@code stopped}, {@code failed} (restarted by
     * the supervisor), {@code down} (it should run and does not: {@code error} says why), {@code failing} (its
     * restarts keep failing) or {@code position_lost} (binlog purged while the stream was down: the table is blocked until
     * it is reloaded); {@code position} is the last applied binlog position ({@code file:offset}, with the GTID
     * state), {@code lag_seconds} the time from its commit to MongoDB's acknowledgement.
     */
    @Schema(name = "CaptureView", example = "{\"mode\": \"binlog\", \"stream_state\": \"streaming\", \"connected\":"
            + " true, \"position\": \"binlog.000002:4321:0-1-57\", \"gtid\": \"0-1-57\", \"events_per_second\": 12.5,"
            + " \"lag_seconds\": 0.04, \"error\": null}")
    public record CaptureView(@Schema(required = true) String mode, @Schema(nullable = true) String streamState,
            @Schema(nullable = true) Boolean connected, @Schema(nullable = true) String position,
            @Schema(nullable = true) String gtid, @Schema(nullable = true) Double eventsPerSecond,
            @Schema(nullable = true) Double lagSeconds, @Schema(nullable = true) String error) {

        /** The view of {@code c}, or null. */
        public static CaptureView of(io.mysqlmongosync.engine.CaptureStatus c) {
            return c == null ? null : new CaptureView(c.mode(), c.streamState(), c.connected(), c.position(), c.gtid(),
                    c.eventsPerSecond(), c.lagSeconds(), c.error());
        }
    }

    /**
     * The reverse direction of a table: how edits are found ({@code capture}: {@code stream} or {@code polling}),
     * for a stream its state, when the last change read was made in MongoDB and its lag; and the latest reverse
     * pass (polling) or the stream's totals since it started: documents read, edited or deleted documents by
     * outcome, new documents by outcome.
     */
    @Schema(name = "ReverseResult", example = "{\"capture\": \"stream\", \"stream_state\": \"streaming\","
            + " \"last_event_at\": \"2026-01-01T00:00:00Z\", \"lag_seconds\": 0.4, \"error\": null,"
            + " \"finished_at\": \"2026-01-01T00:00:00Z\", \"duration_ms\": 40,"
            + " \"read\": 120, \"written\": 3, \"conflict_written\": 0, \"conflict_kept\": 1, \"refused\": 1,"
            + " \"missing\": 0, \"unchanged\": 0, \"deleted\": 2, \"conflict_deleted\": 0, \"inserts\": {\"inserted\": 2,"
            + " \"conflict_written\": 0, \"conflict_kept\": 0, \"refused\": 0, \"unchanged\": 0}}")
    public record ReverseView(String capture,
            @Schema(nullable = true, description = "For a stream: starting, streaming, standby (another replica"
                    + " streams it), paused, stopped or failed (restarted by the supervisor)") String streamState,
            @Schema(nullable = true) Instant lastEventAt, @Schema(nullable = true) Double lagSeconds,
            @Schema(nullable = true) String error, @Schema(nullable = true) Instant finishedAt, long durationMs,
            long read, long written, long conflictWritten, long conflictKept, long refused, long missing,
            long unchanged, long deleted, long conflictDeleted,
            @Schema(description = "New documents (created in MongoDB without _sync) by outcome; all 0 when the"
                    + " table's reverse block does not switch inserts on") ReverseInsertsView inserts) {
    }

    /**
     * The new documents of a reverse pass: rows inserted, key conflicts the document won (row updated) or lost
     * (document replaced by the row), refused (MySQL left alone), unchanged (the row existed with the same content).
     */
    @Schema(name = "ReverseInserts")
    public record ReverseInsertsView(long inserted, long conflictWritten, long conflictKept, long refused,
            long unchanged) {
    }

    /** A lease in {@code _sync_leases}: who holds (or last held) a table or a chunk of its split load. */
    @Schema(name = "LeaseView")
    public record LeaseView(@Schema(required = true) String owner,
            @Schema(required = true, description = "Fencing token, grows on each take-over") long epoch,
            @Schema(nullable = true) Instant expiresAt,
            @Schema(required = true, description = "Whether it had not run out when read") boolean live) {
    }

    /**
     * One chunk of a split initial load: the key range {@code [lower, upper)} of the leading key column, loaded by
     * whichever replica holds the chunk's lease ({@code <table>#r<index>} in {@code _sync_leases}).
     */
    @Schema(name = "ChunkView")
    public record ChunkView(@Schema(required = true) int index, @Schema(nullable = true) Long lower,
            @Schema(nullable = true) Long upper, @Schema(required = true) boolean done,
            @Schema(nullable = true, description = "Last key stored for the chunk") List<Object> position,
            @Schema(nullable = true, description = "The replica that last claimed it") String owner,
            @Schema(nullable = true, implementation = LeaseView.class) LeaseView lease) {
    }

    /**
     * A table's latest pass, kept across runs that did not include it. The rows add up:
     * {@code read = created + updated + unchanged + deleted + skipped + conflicts}; {@code reread} of them were
     * read again from the look-back window; {@code hard_deleted} documents were removed by the reconciliation.
     */
    @Schema(name = "TableResultView")
    public record TableResultView(@Schema(nullable = true) String runId, @Schema(required = true) String status,
            @Schema(nullable = true) String mode, @Schema(nullable = true) Instant finishedAt, long durationMs,
            long read, long reread, long created, long updated, long unchanged, long deleted, long skipped,
            long conflicts, long hardDeleted, long warnings, @Schema(nullable = true) String error) {
    }

    /**
     * Answer of {@code GET /sync/status}. {@code state}, like a connector's: {@code RUNNING} (scheduled runs on and
     * no table failed or blocked; {@code running} says whether a run is in progress now), {@code DEGRADED} (some
     * tables failed or are blocked, others sync), {@code FAILED} (every table failed or is blocked, or the service
     * paused itself after a critical error or repeated failures), {@code PAUSED} (paused by an operator or
     * SYNC_ENABLED=false).
     */
    @Schema(name = "StatusResponse", example = "{\"state\": \"RUNNING\", \"sync_enabled\": true, \"paused\": false,"
            + " \"paused_reason\": null, \"running\": false, \"current_run_id\": null, \"last_sync\":"
            + " \"2026-01-01T10:00:00Z\", \"next_sync\": \"2026-01-01T11:00:00Z\", \"sync_interval_minutes\": 60,"
            + " \"tables_synced\": [\"products\"], \"sync_metrics\": {\"total_records\": 120, \"last_sync_duration\":"
            + " \"00:00:04\", \"success_rate\": 100.0}, \"tables\": {\"products\": {\"collection\": \"products\","
            + " \"state\": \"idle\", \"phase\": \"incremental\", \"cursor\": [\"2026-01-01T09:59:58Z\", 120],"
            + " \"documents\": 120, \"rows_total\": 120, \"progress\": null, \"eta_seconds\": null, \"lag_seconds\": 2.5,"
            + " \"last_status\": \"success\", \"last_result\": null, \"last_error\": null, \"last_success_at\":"
            + " \"2026-01-01T10:00:00Z\", \"lease_holder\": null, \"lease\": null, \"chunks\": null,"
            + " \"reconcile_problem\": null}},"
            + " \"replica\": \"host-1\", \"verification\": null, \"ready\": true, \"dependencies\": {\"mysql\":"
            + " {\"state\": \"ok\", \"message\": null}, \"mongodb\": {\"state\": \"ok\", \"message\": null}}}")
    public record StatusResponse(
            @Schema(required = true, enumeration = {"RUNNING", "DEGRADED", "FAILED", "PAUSED"}) String state,
            boolean syncEnabled, boolean paused, @Schema(nullable = true) String pausedReason,
            boolean running, @Schema(nullable = true) String currentRunId, @Schema(nullable = true) Instant lastSync,
            @Schema(nullable = true) Instant nextSync, int syncIntervalMinutes, List<String> tablesSynced,
            SyncMetricsView syncMetrics, Map<String, TableStatus> tables, String replica,
            @Schema(nullable = true, implementation = VerificationView.class) VerificationView verification,
            @Schema(description = "The readiness probe's answer: both connection checks pass") boolean ready,
            @Schema(description = "MySQL and MongoDB as the connection checks see them; while one is not ok, state"
                    + " is FAILED (unless paused by an operator) and no table shows as healthy")
            Map<String, DependencyView> dependencies) {
    }

    /** One dependency in {@code GET /sync/status}. */
    @Schema(name = "DependencyView", example = "{\"state\": \"refused\", \"message\": \"MySQL refused the login of user"
            + " 'sync' (wrong password?): check MYSQL_USER and MYSQL_PASSWORD\"}")
    public record DependencyView(
            @Schema(required = true, enumeration = {"ok", "refused", "unreachable"}) String state,
            @Schema(nullable = true, description = "What is wrong and the variable to fix") String message) {
    }

    /** Answer of {@code GET /sync/health}, with the seed's fields. */
    @Schema(name = "HealthResponse", example = "{\"mysql_connection\": \"healthy\", \"mongodb_connection\": \"healthy\","
            + " \"last_sync_status\": \"success\", \"pending_operations\": 0, \"error_count\": 0}")
    public record HealthResponse(String mysqlConnection, String mongodbConnection,
            @Schema(nullable = true) String lastSyncStatus, int pendingOperations, long errorCount) {
    }

    /** One column in {@code GET /sync/tables}. */
    @Schema(name = "ColumnView")
    public record ColumnView(String name, String columnType, String bsonType, boolean nullable) {
    }

    /** One table in {@code GET /sync/tables}. */
    @Schema(name = "TableView", example = "{\"name\": \"products\", \"collection\": \"products\", \"strategy\":"
            + " \"timestamp\", \"primary_key\": [\"id\"], \"change_column\": \"updated_at\","
            + " \"change_column_indexed\": true, \"columns\": [{\"name\": \"id\", \"column_type\": \"int(11)\","
            + " \"bson_type\": \"int\", \"nullable\": false}], \"cursor\": null, \"phase\": \"incremental\","
            + " \"source_rows_estimate\": 120, \"target_documents\": 120, \"soft_delete_column\": null,"
            + " \"blocked\": null, \"schema_drift\": []}")
    public record TableView(String name, String collection, String strategy, List<String> primaryKey,
            @Schema(nullable = true) String changeColumn, boolean changeColumnIndexed, List<ColumnView> columns,
            @Schema(nullable = true) List<Object> cursor, String phase, long sourceRowsEstimate, long targetDocuments,
            @Schema(nullable = true) String softDeleteColumn, @Schema(nullable = true) String blocked,
            List<Map<String, Object>> schemaDrift, @Schema(nullable = true) String captureMode,
            @Schema(nullable = true) CaptureView capture) {
    }

    /** A verification or repair: answer of verify, repair and {@code GET /sync/verification}. */
    @Schema(name = "VerificationView", example = "{\"verification_id\": \"v-1\", \"repair\": false, \"status\":"
            + " \"running\", \"started_at\": \"2026-01-01T10:00:00Z\", \"finished_at\": null, \"tables\": {}}")
    public record VerificationView(@Schema(required = true) String verificationId, @Schema(required = true) boolean repair,
            @Schema(required = true, description = "running, success, differences, failed") String status,
            @Schema(required = true) String startedAt, @Schema(required = true, nullable = true) String finishedAt,
            @Schema(required = true) Map<String, TableVerificationView> tables) {
    }

    /** One table of a {@link VerificationView}. */
    @Schema(name = "TableVerificationView")
    public record TableVerificationView(@Schema(required = true) String status, @Schema(required = true) long matching,
            @Schema(required = true) long missing, @Schema(required = true) long extra,
            @Schema(required = true) long different, @Schema(required = true) long skipped,
            @Schema(required = true) long repaired,
            @Schema(required = true, description = "Up to 10 keys") List<Object> sampleMissing,
            @Schema(required = true, description = "Up to 10 keys") List<Object> sampleExtra,
            @Schema(required = true, description = "Up to 10 keys") List<Object> sampleDifferent,
            @Schema(required = true, nullable = true) String error) {
    }
}
