package io.mysqlmongosync.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Request and answer records of the control endpoints (trigger, pause, resume, interval, reset, re-snapshot). The
 * requests are read by {@link RequestBodies}; their constructors refuse what Jackson's types cannot (an empty table
 * name, an interval outside {@link IntervalMinutes#RANGE}). Registered for reflection because the strict reader binds
 * them outside the places Quarkus scans.
 */
@RegisterForReflection(targets = {ControlModels.TriggerRequest.class, ControlModels.VerifyRequest.class,
    ControlModels.IntervalRequest.class, ControlModels.TriggerResponse.class, ControlModels.ControlResponse.class,
    ControlModels.ResetResponse.class, ControlModels.ResnapshotResponse.class})
public final class ControlModels {

    private ControlModels() {
    }

    /** Body of {@code POST /sync/trigger}; every field optional. */
    @Schema(name = "TriggerRequest", description = "Optional body of POST /sync/trigger; every field is optional",
            example = "{\"tables\": [\"products\"], \"force_full_sync\": false, \"reconcile\": false}")
    public record TriggerRequest(
            @Schema(description = "Tables to run (all configured tables when left out or empty)") List<String> tables,
            @Schema(description = "Reload the tables from scratch instead of an incremental pass",
                    defaultValue = "false") boolean forceFullSync,
            @Schema(description = "Also remove documents whose rows were hard-deleted", defaultValue = "false")
            boolean reconcile) {

        /** An empty body: every configured table, incremental, no reconciliation. */
        static final TriggerRequest NONE = new TriggerRequest(List.of(), false, false);

        /** Tables left out mean all; a table name must not be empty. */
        public TriggerRequest {
            tables = tableNames(tables);
        }
    }

    /** Body of {@code POST /sync/verify} and {@code POST /sync/repair}; optional. */
    @Schema(name = "VerifyRequest", description = "Optional body of POST /sync/verify and /sync/repair",
            example = "{\"tables\": [\"products\"]}")
    public record VerifyRequest(
            @Schema(description = "Tables to check (all configured tables when left out or empty)") List<String> tables) {

        /** An empty body: every configured table. */
        static final VerifyRequest NONE = new VerifyRequest(List.of());

        /** Tables left out mean all; a table name must not be empty. */
        public VerifyRequest {
            tables = tableNames(tables);
        }
    }

    /** Body of {@code PUT /sync/interval}. */
    @Schema(name = "IntervalRequest", example = "{\"interval_minutes\": 15}")
    public record IntervalRequest(
            @Schema(required = true, minimum = IntervalMinutes.MIN_TEXT, maximum = IntervalMinutes.MAX_TEXT,
                    description = "Minutes between scheduled runs") Integer intervalMinutes) {

        /** The field is required and must be in {@link IntervalMinutes#RANGE}. */
        public IntervalRequest {
            if (intervalMinutes == null) {
                throw new IllegalArgumentException("Body must be {\"interval_minutes\": <" + IntervalMinutes.RANGE + ">}");
            }
            if (!IntervalMinutes.accepts(intervalMinutes)) {
                throw new IllegalArgumentException(IntervalMinutes.outOfRange(intervalMinutes));
            }
        }
    }

    /** Answer of {@code POST /sync/trigger}. */
    @Schema(name = "TriggerResponse", example = "{\"run_id\": \"6f1c2a\", \"status\": \"accepted\", \"tables\":"
            + " [\"products\"], \"force_full_sync\": false, \"started_at\": \"2026-01-01T10:00:00Z\"}")
    public record TriggerResponse(@Schema(required = true) String runId,
            @Schema(required = true, enumeration = "accepted") String status,
            @Schema(required = true) List<String> tables, @Schema(required = true) boolean forceFullSync,
            @Schema(required = true) Instant startedAt) {
    }

    /** The scheduler state, answer of pause, resume and interval. */
    @Schema(name = "ControlResponse", example = "{\"sync_enabled\": true, \"paused\": false, \"paused_reason\": null,"
            + " \"sync_interval_minutes\": 15, \"next_sync\": \"2026-01-01T10:15:00Z\"}")
    public record ControlResponse(@Schema(required = true) boolean syncEnabled, @Schema(required = true) boolean paused,
            @Schema(nullable = true, description = "Why runs are paused (operator or critical error)")
            String pausedReason,
            @Schema(required = true) int syncIntervalMinutes, @Schema(nullable = true) Instant nextSync) {
    }

    /** Answer of {@code POST /sync/reset/{table}}. */
    @Schema(name = "ResetResponse", example = "{\"table\": \"products\", \"reset\": true, \"message\":"
            + " \"checkpoint removed; the next run reloads products\"}")
    public record ResetResponse(@Schema(required = true) String table, @Schema(required = true) boolean reset,
            @Schema(required = true) String message) {
    }

    /** Answer of {@code POST /sync/resnapshot/{table}}. */
    @Schema(name = "ResnapshotResponse", example = "{\"resnapshot_id\": \"5d2e\", \"table\": \"products\","
            + " \"status\": \"accepted\", \"started_at\": \"2026-01-01T10:00:00Z\"}")
    public record ResnapshotResponse(@Schema(required = true) String resnapshotId,
            @Schema(required = true) String table, @Schema(required = true, enumeration = "accepted") String status,
            @Schema(required = true) Instant startedAt) {
    }

    /** The table names of a request: none when left out; each one non-empty. */
    private static List<String> tableNames(List<String> tables) {
        if (tables == null) {
            return List.of();
        }
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).isEmpty()) {
                throw new IllegalArgumentException("tables[" + i + "] must be a table name (a non-empty string), got"
                        + " a string '\"\"'");
            }
        }
        return List.copyOf(tables);
    }
}
