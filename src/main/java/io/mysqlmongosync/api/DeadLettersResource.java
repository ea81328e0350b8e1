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

/** {@code GET /sync/dead-letters}: the rows skipped because they cannot become documents, one page at a time. */
@Path("/sync/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class DeadLettersResource {

    private final SyncController controller;
    private final StatusView status;

    DeadLettersResource(SyncController controller, StatusView status) {
        this.controller = controller;
        this.status = status;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "Rows skipped because they cannot become documents (dead letters), most recently met first",
            description = "One entry per table and key in _sync_dead_letters: a value that cannot be converted,"
                    + " a row its validation rules reject, or a document over MongoDB's 16 MB limit. Every other row"
                    + " of the table keeps flowing; an entry is removed when its row is written later."
                    + " Query: table (optional), limit 1..500 (default 50), offset >= 0 (default 0).")
    @APIResponse(responseCode = "200", description = "One page of dead letters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadModels.DeadLetterPage.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404")
    public ReadModels.DeadLetterPage deadLetters(@QueryParam("table") String table,
            @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("offset") @DefaultValue("0") String offset) {
        PageQuery page = PageQuery.of(table, limit, offset, controller.configuredTables());
        return status.deadLetters(table, page.offset(), page.limit());
    }
}
