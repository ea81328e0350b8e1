package io.mysqlmongosync.api;

import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /sync/history}: the recent runs from {@code _sync_runs}, newest first. */
@Path("/sync/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class HistoryResource {

    private final StatusView status;

    HistoryResource(StatusView status) {
        this.status = status;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "Recent runs, newest first (limit 1..500, default 20)")
    @APIResponse(responseCode = "200", description = "Recent runs", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ReadModels.RunView.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403")
    public List<ReadModels.RunView> history(@QueryParam("limit") @DefaultValue("20") String limit) {
        return status.history(PageQuery.number("limit", limit, 1, PageQuery.MAX_LIMIT));
    }
}
