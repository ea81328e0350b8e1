package io.mysqlmongosync.api;

import io.mysqlmongosync.api.ApiModels.HealthResponse;
import io.mysqlmongosync.api.ApiModels.StatusResponse;
import io.mysqlmongosync.api.ApiModels.TableView;
import io.mysqlmongosync.api.ApiModels.VerificationView;
import io.mysqlmongosync.api.ControlModels.ControlResponse;
import io.mysqlmongosync.api.ControlModels.IntervalRequest;
import io.mysqlmongosync.api.ControlModels.ResetResponse;
import io.mysqlmongosync.api.ControlModels.ResnapshotResponse;
import io.mysqlmongosync.api.ControlModels.TriggerRequest;
import io.mysqlmongosync.api.ControlModels.TriggerResponse;
import io.mysqlmongosync.api.ControlModels.VerifyRequest;
import io.mysqlmongosync.engine.ActiveRun;
import io.mysqlmongosync.engine.ControlService;
import io.mysqlmongosync.engine.ControlState;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.Resnapshots;
import io.mysqlmongosync.engine.TableReset;
import io.mysqlmongosync.engine.VerificationService;
import io.mysqlmongosync.engine.UnknownTableException;
import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The control API under {@code /sync}: thin, it validates input, calls the engine's services and maps the answer. */
@Path("/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class SyncResource {

    private final SyncController controller;
    private final ControlService control;
    private final VerificationService verifications;
    private final TableReset resets;
    private final StatusView status;
    private final Resnapshots resnapshots;

    SyncResource(SyncController controller, ControlService control, VerificationService verifications,
            TableReset resets, StatusView status, Resnapshots resnapshots) {
        this.resnapshots = resnapshots;
        this.controller = controller;
        this.control = control;
        this.verifications = verifications;
        this.resets = resets;
        this.status = status;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/status")
    @Operation(summary = "Scheduler state, last run, next run and per-table progress")
    @APIResponse(responseCode = "200", description = "The state of the sync",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "401,403")
    public StatusResponse status() {
        return status.status();
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/trigger")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a run now (also while paused)",
            description = "Optional JSON body; reconcile also removes documents whose rows were hard-deleted.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TriggerRequest.class)))
    @APIResponse(responseCode = "202", description = "The run started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TriggerResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404,409,413,415")
    public RestResponse<TriggerResponse> trigger(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        TriggerRequest body = RequestBodies.optional(contentType, rawBody, TriggerRequest.class, TriggerRequest.NONE);
        ActiveRun run = controller.trigger(body.tables(), body.forceFullSync(), body.reconcile());
        return RestResponse.accepted(new TriggerResponse(run.id(), "accepted", run.tables(), body.forceFullSync(),
                run.startedAt()));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/pause")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Pause scheduled runs (a run in progress finishes); takes no body")
    @APIResponse(responseCode = "200", description = "The new scheduler state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ControlResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,409,413")
    public ControlResponse pause(String rawBody) {
        RequestBodies.none(rawBody, "POST /sync/pause");
        return controlResponse(control.pause());
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/resume")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Resume scheduled runs; takes no body")
    @APIResponse(responseCode = "200", description = "The new scheduler state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ControlResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,409,413")
    public ControlResponse resume(String rawBody) {
        RequestBodies.none(rawBody, "POST /sync/resume");
        return controlResponse(control.resume());
    }

    @PUT
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/interval")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change the interval between scheduled runs (" + IntervalMinutes.RANGE + " minutes) without restart",
            description = "The default schedule's interval, followed by every table without its own"
                    + " SYNC_<TABLE>_INTERVAL_MINUTES (those keep theirs; GET /sync/status shows each table's"
                    + " interval_minutes and next_run_at). The next run is recomputed at once and the choice persists."
                    + " The body must be sent as"
                    + " application/json; the number must be written as a whole number (no 15.0, 1e3 or \"15\").")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IntervalRequest.class)))
    @APIResponse(responseCode = "200", description = "The new scheduler state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ControlResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,409,413,415")
    public ControlResponse interval(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        IntervalRequest body = RequestBodies.required(contentType, rawBody, IntervalRequest.class);
        return controlResponse(control.interval(body.intervalMinutes()));
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/health")
    @Operation(summary = "Connection health and error counts")
    @APIResponse(responseCode = "200", description = "Connection health",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HealthResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "401,403")
    public HealthResponse health() {
        return status.health();
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/tables")
    @Operation(summary = "Discovered tables: columns, types, key, change column, cursor and row counts")
    @APIResponse(responseCode = "200", description = "The synced tables", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = TableView.class)))
    @Extension(name = ErrorResponses.CODES, value = "401,403")
    public List<TableView> tables() {
        return status.tables();
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Compare source and target row by row in the background",
            description = "Progress and result: GET /sync/verification.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = VerifyRequest.class)))
    @APIResponse(responseCode = "202", description = "The verification started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404,409,413,415")
    public RestResponse<VerificationView> verify(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        return verification(contentType, rawBody, false);
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/repair")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Verify and re-sync exactly the differing keys (missing, different, extra) in the background",
            description = "Progress and result: GET /sync/verification.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = VerifyRequest.class)))
    @APIResponse(responseCode = "202", description = "The repair started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404,409,413,415")
    public RestResponse<VerificationView> repair(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        return verification(contentType, rawBody, true);
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/verification")
    @Operation(summary = "The latest verification or repair: per table matching, missing, extra, different, samples")
    @APIResponse(responseCode = "200", description = "The latest verification or repair",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @Extension(name = ErrorResponses.CODES, value = "401,403,404")
    public VerificationView lastVerification() {
        var v = verifications.last();
        if (v == null) {
            throw new jakarta.ws.rs.NotFoundException("No verification has run yet; POST /sync/verify starts one");
        }
        return status.verification(v);
    }

    private RestResponse<VerificationView> verification(String contentType, String rawBody, boolean repair)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        VerifyRequest body = RequestBodies.optional(contentType, rawBody, VerifyRequest.class, VerifyRequest.NONE);
        var v = verifications.start(body.tables(), repair);
        return RestResponse.accepted(status.verification(v));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/reset/{table}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Forget a table's checkpoint: its next run reloads it in full; takes no body")
    @APIResponse(responseCode = "200", description = "The checkpoint is gone",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResetResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404,409,413")
    public ResetResponse reset(@PathParam("table") String table, String rawBody) {
        RequestBodies.none(rawBody, "POST /sync/reset/{table}");
        if (!controller.configuredTables().contains(table)) {
            throw new UnknownTableException(table, controller.configuredTables());
        }
        boolean existed = resets.reset(table);
        return new ResetResponse(table, true, existed ? "checkpoint removed; the next run reloads " + table
                : "no checkpoint was stored; the next run loads " + table + " in full");
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/resnapshot/{table}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Reload one table in the background while the other tables keep syncing; takes no body",
            description = "Loads the table in chunks under its lease and removes the documents of rows that no longer"
                    + " exist. In binlog mode the binlog position is recorded before the load and the table's stream"
                    + " restarts from it afterwards; every other stream keeps going. A run of this replica skips the"
                    + " table meanwhile. 409 while a re-snapshot, run or repair of the table is in progress (or"
                    + " another replica holds its lease). The result shows in GET /sync/status (the table's"
                    + " last_result) and the log.")
    @APIResponse(responseCode = "202", description = "The re-snapshot started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ResnapshotResponse.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404,409,413")
    public RestResponse<ResnapshotResponse> resnapshot(@PathParam("table") String table, String rawBody) {
        RequestBodies.none(rawBody, "POST /sync/resnapshot/{table}");
        Resnapshots.Resnapshot started = resnapshots.start(table);
        return RestResponse.accepted(new ResnapshotResponse(started.id(), table, "accepted", started.startedAt()));
    }

    private static ControlResponse controlResponse(ControlState s) {
        return new ControlResponse(!s.paused(), s.paused(), s.pausedReason(), s.intervalMinutes(), s.nextRunAt());
    }
}
