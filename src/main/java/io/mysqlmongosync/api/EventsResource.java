package io.mysqlmongosync.api;

import io.mysqlmongosync.events.RecentEvents;
import io.mysqlmongosync.events.RunEvents;
import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /sync/events}: the most recent run events this process emitted and what became of each, recorded with
 * or without a webhook. Never shows the webhook's URL or secret.
 */
@Path("/sync/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class EventsResource {

    /** One recent run event. */
    @Schema(name = "RunEventView", description = "A recent run event and its delivery outcome", example = "{\"id\":"
            + " \"0b5e4c1e-5a0f-4a53-9a55-2f1c0d7c9a11\", \"type\": \"io.mysqlmongosync.run.finished\", \"subject\":"
            + " \"56a0fc49-3f99-40d5-88ef-25e81ba9346a\", \"time\": \"2026-12-07T17:29:09.414Z\", \"summary\":"
            + " \"trigger=scheduled status=success duration_ms=80 counts.read=6 counts.created=3\", \"outcome\":"
            + " \"delivered\"}")
    public record EventView(
            @Schema(description = "CloudEvents id, as sent to the webhook") String id,
            @Schema(description = "CloudEvents type", example = "io.mysqlmongosync.run.finished") String type,
            @Schema(description = "What it is about: run id, table or alert reason", nullable = true) String subject,
            @Schema(description = "When it was emitted") Instant time,
            @Schema(description = "Short key=value summary of its data", example = "trigger=manual status=success"
                    + " counts.read=3 counts.created=3") String summary,
            @Schema(description = "queued, delivered, failed (every attempt failed), dropped (queue full) or"
                    + " not_sent (no SYNC_EVENTS_WEBHOOK_URL)",
                    enumeration = {"queued", "delivered", "failed", "dropped", "not_sent"}) String outcome) {
    }

    private final RecentEvents recent;

    EventsResource(RecentEvents recent) {
        this.recent = recent;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "Recent run events, newest first, with their delivery outcome",
            description = "limit 1..100 (default 20); type (optional) one of run.finished, run.failed, table.blocked,"
                    + " alert.raised, alert.resolved, repair.differences, with or without the io.mysqlmongosync."
                    + " prefix. Kept in memory (the last 100), also without SYNC_EVENTS_WEBHOOK_URL.")
    @APIResponse(responseCode = "200", description = "Recent run events", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = EventView.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403")
    public List<EventView> events(@QueryParam("limit") @DefaultValue("20") String limit,
            @QueryParam("type") String type) {
        int n = limit(limit);
        String wanted = type(type);
        return recent.recent(n, wanted).stream().map(e -> new EventView(e.id(), e.type(), e.subject(), e.time(),
                e.summary(), e.outcome().wire())).toList();
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= RecentEvents.CAPACITY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + RecentEvents.CAPACITY
                + ", got " + ApiError.quote(value));
    }

    private static String type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String t = value.trim();
        String shortName = t.startsWith(RunEvents.TYPE_PREFIX) ? t.substring(RunEvents.TYPE_PREFIX.length()) : t;
        if (!RecentEvents.types().contains(shortName)) {
            throw new IllegalArgumentException("type must be one of " + String.join(", ", RecentEvents.types())
                    + ", got " + ApiError.quote(value));
        }
        return shortName;
    }
}
