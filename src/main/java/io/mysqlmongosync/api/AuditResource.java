package io.mysqlmongosync.api;

import io.mysqlmongosync.security.ApiRoles;
import io.mysqlmongosync.security.AuditTrail;
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

/** {@code GET /sync/audit}: the recent control actions. Read-only: nothing in the API changes the trail. */
@Path("/sync/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class AuditResource {

    private final AuditTrail audit;

    AuditResource(AuditTrail audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "Recent control actions, newest first: who, what, when, from where, status",
            description = "limit 1..1000 (default 50). Refused calls are recorded at most a few per minute; the rest"
                    + " are counted in sync_audit_refused_total.")
    @APIResponse(responseCode = "200", description = "Recent control actions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ReadModels.AuditEntryView.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403")
    public List<ReadModels.AuditEntryView> recent(@QueryParam("limit") @DefaultValue("50") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to 1000, got "
                    + ApiError.quote(limit));
        }
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("limit must be from 1 to 1000, got " + n);
        }
        return audit.recent(n).stream().map(ReadModels.AuditEntryView::of).toList();
    }
}
