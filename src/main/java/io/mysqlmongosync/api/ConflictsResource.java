package io.mysqlmongosync.api;

import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /sync/conflicts}: the recorded conflicts, newest first, one page at a time. */
@Path("/sync/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class ConflictsResource {

    private final SyncController controller;
    private final StatusView status;

    ConflictsResource(SyncController controller, StatusView status) {
        this.controller = controller;
        this.status = status;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "Recorded conflicts (edits made in MongoDB, newer target versions), newest first, paged",
            description = "Query: table (optional), limit 1..500 (default 50), offset >= 0 (default 0).")
    @APIResponse(responseCode = "200", description = "One page of conflicts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadModels.ConflictPage.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404")
    public ReadModels.ConflictPage conflicts(@QueryParam("table") String table,
            @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("offset") @DefaultValue("0") String offset) {
        PageQuery page = PageQuery.of(table, limit, offset, controller.configuredTables());
        return status.conflicts(table, page.offset(), page.limit());
    }
}
