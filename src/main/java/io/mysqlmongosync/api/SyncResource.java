package io.mysqlmongosync.api;

import io.mysqlmongosync.api.ApiModels.ControlResponse;
import io.mysqlmongosync.api.ApiModels.HealthResponse;
import io.mysqlmongosync.api.ApiModels.IntervalRequest;
import io.mysqlmongosync.api.ApiModels.ResetResponse;
import io.mysqlmongosync.api.ApiModels.StatusResponse;
import io.mysqlmongosync.api.ApiModels.TableView;
import io.mysqlmongosync.api.ApiModels.TriggerRequest;
import io.mysqlmongosync.api.ApiModels.TriggerResponse;
import io.mysqlmongosync.engine.ControlState;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.UnknownTableException;
import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The control API under {@code /sync}: thin, it validates input, calls the controller and maps the answer. */
@Path("/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class SyncResource {

    private final SyncController controller;
    private final StatusView status;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    SyncResource(SyncController controller, StatusView status, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.controller = controller;
        this.status = status;
        this.json = json;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/status")
    @Operation(summary = "Scheduler state, last run, next run and per-table progress")
    public StatusResponse status() {
        return status.status();
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/trigger")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a run now (also while paused); 409 while a run is active",
            description = "Optional body {\"tables\": [\"products\"], \"force_full_sync\": false, \"reconcile\": false}."
                    + " reconcile also removes documents whose rows were hard-deleted. Answers 202 with the run id.")
    public Response trigger(String rawBody) throws com.fasterxml.jackson.core.JsonProcessingException {
        TriggerRequest body = optionalBody(rawBody);
        List<String> tables = body == null || body.tables() == null ? List.of() : body.tables();
        boolean force = body != null && Boolean.TRUE.equals(body.forceFullSync());
        boolean reconcile = body != null && Boolean.TRUE.equals(body.reconcile());
        SyncController.ActiveRun run = controller.trigger(tables, force, reconcile);
        return Response.accepted(new TriggerResponse(run.id(), "accepted", run.tables(), force, run.startedAt())).build();
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/pause")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Pause scheduled runs (a run in progress finishes)")
    public ControlResponse pause() {
        return control(controller.pause());
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/resume")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Resume scheduled runs")
    public ControlResponse resume() {
        return control(controller.resume());
    }

    @PUT
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/interval")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the interval between scheduled runs (1..1440 minutes) without restart",
            description = "Body {\"interval_minutes\": 15}. The next run is recomputed at once and the choice persists.")
    public ControlResponse interval(IntervalRequest body) {
        if (body == null || body.intervalMinutes() == null) {
            throw new IllegalArgumentException("Body must be {\"interval_minutes\": <1..1440>}");
        }
        return control(controller.interval(body.intervalMinutes()));
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/health")
    @Operation(summary = "Connection health and error counts, with the seed's field names")
    public HealthResponse health() {
        return status.health();
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/history")
    @Operation(summary = "Recent runs, newest first")
    public List<Map<String, Object>> history(@QueryParam("limit") @DefaultValue("20") String limit) {
        return status.history(number("limit", limit, 1, 500));
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/tables")
    @Operation(summary = "Discovered tables: columns, types, key, change column, cursor and row counts")
    public List<TableView> tables() {
        return status.tables();
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Compare source and target row by row in the background (202); 409 while a run is active",
            description = "Optional body {\"tables\": [\"products\"]}. Progress and result: GET /sync/verification.")
    public Response verify(String rawBody) throws com.fasterxml.jackson.core.JsonProcessingException {
        return verification(rawBody, false);
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/repair")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Verify and re-sync exactly the differing keys (missing, different, extra) in the background",
            description = "Optional body {\"tables\": [\"products\"]}. Progress and result: GET /sync/verification.")
    public Response repair(String rawBody) throws com.fasterxml.jackson.core.JsonProcessingException {
        return verification(rawBody, true);
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/verification")
    @Operation(summary = "The latest verification or repair: per table matching, missing, extra, different, samples")
    public Response lastVerification() {
        var v = controller.lastVerification();
        if (v == null) {
            throw new jakarta.ws.rs.NotFoundException("No verification has run yet; POST /sync/verify starts one");
        }
        return Response.ok(status.verification(v)).build();
    }

    /**
     * The optional body of trigger, verify and repair. It may come without a Content-Type, so it is read as text
     * and parsed here; malformed JSON still reaches the JSON error mappers.
     */
    private TriggerRequest optionalBody(String rawBody) throws com.fasterxml.jackson.core.JsonProcessingException {
        return rawBody == null || rawBody.isBlank() ? null : json.readValue(rawBody, TriggerRequest.class);
    }

    private Response verification(String rawBody, boolean repair) throws com.fasterxml.jackson.core.JsonProcessingException {
        TriggerRequest body = optionalBody(rawBody);
        List<String> tables = body == null || body.tables() == null ? List.of() : body.tables();
        var v = controller.verify(tables, repair);
        return Response.accepted(status.verification(v)).build();
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/conflicts")
    @Operation(summary = "Recorded conflicts (edits made in MongoDB, newer target versions), newest first, paged",
            description = "Query: table (optional), limit 1..500 (default 50), offset >= 0 (default 0).")
    public Map<String, Object> conflicts(@QueryParam("table") String table,
            @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("offset") @DefaultValue("0") String offset) {
        int n = number("limit", limit, 1, 500);
        int from = number("offset", offset, 0, Integer.MAX_VALUE);
        if (table != null && !controller.configuredTables().contains(table)) {
            throw new UnknownTableException(table, controller.configuredTables());
        }
        return status.conflicts(table, from, n);
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/reset/{table}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Forget a table's checkpoint: its next run reloads it in full (409 while a run is active)")
    public ResetResponse reset(@PathParam("table") String table) {
        if (!controller.configuredTables().contains(table)) {
            throw new UnknownTableException(table, controller.configuredTables());
        }
        boolean existed = controller.reset(table);
        return new ResetResponse(table, true, existed ? "checkpoint removed; the next run reloads " + table
                : "no checkpoint was stored; the next run loads " + table + " in full");
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '"
                + value + "'");
    }

    private static ControlResponse control(ControlState s) {
        return new ControlResponse(!s.paused(), s.paused(), s.pausedReason(), s.intervalMinutes(), s.nextRunAt());
    }
}
