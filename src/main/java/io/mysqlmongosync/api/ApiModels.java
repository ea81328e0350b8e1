package io.mysqlmongosync.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Request and response records of the REST API. Field names are written in snake_case on the wire
 * ({@code quarkus.jackson.property-naming-strategy=SNAKE_CASE}). All are registered for reflection because some
 * are read or written outside the places Quarkus scans (the trigger body, the exception mappers' entities).
 */
@RegisterForReflection(targets = {ApiModels.TriggerRequest.class, ApiModels.TriggerResponse.class,
    ApiModels.IntervalRequest.class, ApiModels.ControlResponse.class, ApiModels.SyncMetricsView.class,
    ApiModels.TableStatus.class, ApiModels.TableResultView.class, ApiModels.StatusResponse.class,
    ApiModels.HealthResponse.class,
    ApiModels.ColumnView.class, ApiModels.TableView.class, ApiModels.ResetResponse.class, ApiError.class})
public final class ApiModels {

    private ApiModels() {
    }

    /** Body of {@code POST /sync/trigger}; both fields optional. */
    public record TriggerRequest(List<String> tables, Boolean forceFullSync, Boolean reconcile) {
    }

    /** Answer of {@code POST /sync/trigger}. */
    public record TriggerResponse(String runId, String status, List<String> tables, boolean forceFullSync,
            Instant startedAt) {
    }

    /** Body of {@code PUT /sync/interval}. */
    public record IntervalRequest(Integer intervalMinutes) {
    }

    /** The scheduler state, answer of pause, resume and interval. */
    public record ControlResponse(boolean syncEnabled, boolean paused, String pausedReason, int syncIntervalMinutes,
            Instant nextSync) {
    }

    /** Run counters of {@code GET /sync/status}, as the seed names them. */
    public record SyncMetricsView(long totalRecords, String lastSyncDuration, Double successRate) {
    }

    /**
     * One table in {@code GET /sync/status}. {@code state}: {@code idle}, {@code queued} (in the active run, not
     * started yet), {@code loading} (initial load or full reload: {@code progress} and {@code eta_seconds} are set
     * only then), {@code syncing} (an incremental or full-rescan pass, here or on the replica named by {@code lease_holder}), {@code streaming} (reserved for binlog
     * capture), {@code blocked} (schema drift, until reset), {@code failed} (its last pass failed).
     * {@code phase}: {@code not_started}, {@code initial} (load not finished), {@code incremental} or {@code full}
     * (no change column: every pass reads the whole table). {@code rows_total} is the seed's name for
     * {@code documents}.
     */
    public record TableStatus(String collection, String state, String phase, List<Object> cursor, long documents,
            long rowsTotal, Double progress, Long etaSeconds, Double lagSeconds, String lastStatus,
            TableResultView lastResult, String lastError, Instant lastSuccessAt, String leaseHolder) {
    }

    /**
     * A table's latest pass, kept across runs that did not include it. The rows add up:
     * {@code read = created + updated + unchanged + deleted + skipped + conflicts}; {@code reread} of them were
     * read again from the look-back window; {@code hard_deleted} documents were removed by the reconciliation.
     */
    public record TableResultView(String runId, String status, String mode, Instant finishedAt, long durationMs,
            long read, long reread, long created, long updated, long unchanged, long deleted, long skipped,
            long conflicts, long hardDeleted, long warnings, String error) {
    }

    /**
     * Answer of {@code GET /sync/status}. {@code state}, like a connector's: {@code RUNNING} (scheduled runs on and
     * no table failed or blocked; {@code running} says whether a run is in progress now), {@code DEGRADED} (some
     * tables failed or are blocked, others sync), {@code FAILED} (every table failed or is blocked, or the service
     * paused itself after a critical error or repeated failures), {@code PAUSED} (paused by an operator or
     * SYNC_ENABLED=false).
     */
    public record StatusResponse(String state, boolean syncEnabled, boolean paused, String pausedReason,
            boolean running, String currentRunId, Instant lastSync, Instant nextSync, int syncIntervalMinutes,
            List<String> tablesSynced, SyncMetricsView syncMetrics, Map<String, TableStatus> tables, String replica,
            Map<String, Object> verification) {
    }

    /** Answer of {@code GET /sync/health}, with the seed's fields. */
    public record HealthResponse(String mysqlConnection, String mongodbConnection, String lastSyncStatus,
            int pendingOperations, long errorCount) {
    }

    /** One column in {@code GET /sync/tables}. */
    public record ColumnView(String name, String columnType, String bsonType, boolean nullable) {
    }

    /** One table in {@code GET /sync/tables}. */
    public record TableView(String name, String collection, String strategy, List<String> primaryKey,
            String changeColumn, boolean changeColumnIndexed, List<ColumnView> columns, List<Object> cursor, String phase,
            long sourceRowsEstimate, long targetDocuments, String softDeleteColumn, String blocked,
            List<Map<String, Object>> schemaDrift) {
    }

    /** Answer of {@code POST /sync/reset/{table}}. */
    public record ResetResponse(String table, boolean reset, String message) {
    }
}
