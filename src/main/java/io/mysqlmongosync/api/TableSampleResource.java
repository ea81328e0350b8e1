package io.mysqlmongosync.api;

import io.mysqlmongosync.engine.TableSampler;
import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /sync/tables/{table}/sample?limit=N}: the first N source rows by primary key next to the documents
 * they became, so an operator can see the mapping of real data at a glance. Viewer role, like the other reads that
 * show documents; columns protected by SYNC_PROTECT_&lt;TABLE&gt; are not shown in clear. A class of its own (its path is
 * more specific than {@code /sync}, so routing prefers it) to keep the control resource small.
 */
@Path("/sync/tables/{table}/sample")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class TableSampleResource {

    static final int MAX_LIMIT = 100;

    private final TableSampler sampler;

    TableSampleResource(TableSampler sampler) {
        this.sampler = sampler;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "The first N rows of a table by primary key next to the documents they became (N 1..100)",
            description = "Each entry: key, source_row (column → value: numbers as numbers, DECIMAL and unsigned BIGINT"
                    + " as exact text, temporal values as MySQL text, binary as base64) and document (the stored"
                    + " document as relaxed extended JSON, null when it is not in MongoDB yet).")
    @APIResponse(responseCode = "200", description = "Rows next to their documents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ReadModels.SampleEntry.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404")
    public List<ReadModels.SampleEntry> sample(@PathParam("table") String table,
            @QueryParam("limit") @DefaultValue("10") String limit) throws SQLException {
        sampler.requireConfigured(table); // an unknown table is reported before a bad limit
        return sampler.sample(table, limit(limit)).stream().map(s -> new ReadModels.SampleEntry(s.key(), s.sourceRow(),
                s.problem(), s.document() == null ? null : BsonJson.plain(s.document()))).toList();
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got "
                + ApiError.quote(value));
    }
}
