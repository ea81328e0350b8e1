package io.mysqlmongosync.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Shapes of the read answers that are built as JSON maps from stored documents (history, audit, conflicts, sample,
 * mapping). They are the OpenAPI schemas of those answers; the contract test checks every answer against them.
 */
public final class ReadModels {

    private ReadModels() {
    }

    /** One run in {@code GET /sync/history}. */
    @Schema(name = "RunView", example = "{\"id\": \"6f1c2a\", \"trigger\": \"scheduled\", \"owner\": \"host-1\","
            + " \"started_at\": \"2026-01-01T10:00:00Z\", \"finished_at\": \"2026-01-01T10:00:42Z\", \"status\":"
            + " \"success\", \"total_records\": 120, \"results\": [], \"error\": null}")
    public record RunView(@Schema(required = true) String id,
            @Schema(required = true, description = "scheduled or manual") String trigger,
            @Schema(required = true, description = "The replica that ran it") String owner,
            @Schema(required = true) String startedAt, @Schema(nullable = true) String finishedAt,
            @Schema(required = true, description = "running, success, partial, failed, skipped, abandoned") String status,
            @Schema(description = "Tables of a run still running") List<String> tables,
            long totalRecords, List<RunTableView> results, @Schema(nullable = true) String error) {
    }

    /** One table of a finished run in {@code GET /sync/history}. */
    @Schema(name = "RunTableView")
    public record RunTableView(String table, String status, @Schema(nullable = true) String mode, long read,
            @Schema(description = "Rows of read that were re-read from the look-back window") long reread,
            long created, long updated, long unchanged, long skipped, long conflict, long deleted,
            @Schema(description = "Documents removed because their rows were deleted in MySQL") long hardDeleted,
            long warnings, long durationMs, @Schema(nullable = true) String error) {
    }

    /** One entry of {@code GET /sync/audit}. */
    @Schema(name = "AuditEntryView", example = "{\"id\": \"65a0\", \"at\": \"2026-01-01T10:00:00Z\", \"who\":"
            + " \"operator-token\", \"action\": \"pause\", \"method\": \"POST\", \"path\": \"/sync/pause\", \"from\":"
            + " \"10.0.0.7\", \"status\": 200, \"result\": \"success\"}")
    public record AuditEntryView(@Schema(required = true) String id, @Schema(required = true) String at,
            @Schema(required = true, description = "Principal name, anonymous or invalid-credentials") String who,
            @Schema(required = true) String action, @Schema(required = true) String method,
            @Schema(required = true, description = "Request path, cut to 200 characters") String path,
            @Schema(required = true) String from, @Schema(required = true) int status,
            @Schema(required = true, description = "success, unauthenticated, forbidden, failed") String result,
            @Schema(description = "Run id and tables of a trigger") Map<String, Object> detail) {
    }

    /** Answer of {@code GET /sync/conflicts}. */
    @Schema(name = "ConflictPage", example = "{\"total\": 0, \"offset\": 0, \"limit\": 50, \"conflicts\": []}")
    public record ConflictPage(@Schema(required = true) long total, @Schema(required = true) int offset,
            @Schema(required = true) int limit, @Schema(required = true) List<ConflictView> conflicts) {
    }

    /** One recorded conflict. */
    @Schema(name = "ConflictView")
    public record ConflictView(String id, String table, String collection, Object docId, Object sourceVersion,
            @Schema(nullable = true) Object targetVersion, String winner, String policy,
            Map<String, Object> sourceDocument, @Schema(nullable = true) Map<String, Object> targetDocument,
            Object detectedAt) {
    }

    /** Answer of {@code GET /sync/dead-letters}. */
    @Schema(name = "DeadLetterPage", example = "{\"total\": 1, \"offset\": 0, \"limit\": 50, \"dead_letters\":"
            + " [{\"table\": \"files\", \"key\": \"id=3\", \"reason\": \"too_large\", \"problem\": \"its document"
            + " is 17825868 bytes of BSON, more than MongoDB stores (16777216 bytes)\", \"mode\": \"load\","
            + " \"doc_id\": 3, \"first_at\":"
            + " \"2026-01-01T10:00:00Z\", \"last_at\": \"2026-01-01T10:00:00Z\", \"times\": 1}]}")
    public record DeadLetterPage(@Schema(required = true) long total, @Schema(required = true) int offset,
            @Schema(required = true) int limit, @Schema(required = true) List<DeadLetterView> deadLetters) {
    }

    /** One row skipped because it cannot become a document (one entry per table and key). */
    @Schema(name = "DeadLetterView")
    public record DeadLetterView(@Schema(required = true) String table,
            @Schema(required = true, description = "Primary key as text: id=42, or order_id=1, line_no=2") String key,
            @Schema(required = true, description = "conversion, validation or too_large") String reason,
            @Schema(required = true, description = "What is wrong, as logged") String problem,
            @Schema(required = true, description = "Where it was last met: load, scan or stream") String mode,
            @Schema(required = true, nullable = true,
                    description = "The _id its document would have; null when the row did not convert") Object docId,
            @Schema(required = true) String firstAt, @Schema(required = true) String lastAt,
            @Schema(required = true, description = "How often it was met") long times) {
    }

    /** One entry of {@code GET /sync/tables/{table}/sample}. */
    @Schema(name = "SampleEntry", example = "{\"key\": 1, \"source_row\": {\"id\": 1, \"price\": \"9.99\"},"
            + " \"document\": {\"_id\": 1, \"price\": {\"$numberDecimal\": \"9.99\"}}}")
    public record SampleEntry(@Schema(required = true, description = "Primary key value, or column → value") Object key,
            @Schema(required = true, description = "Column → value") Map<String, Object> sourceRow,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Why the row cannot be converted") String problem,
            @Schema(required = true, nullable = true, description = "Stored document (relaxed extended JSON)")
            Map<String, Object> document) {
    }

    /** Answer of {@code GET /sync/mapping}. */
    @Schema(name = "MappingView", example = "{\"file\": null, \"built_in\": true, \"collections\": [{\"collection\":"
            + " \"products\", \"table\": \"products\", \"strategy\": \"timestamp\", \"rename\": {}, \"drop\": [],"
            + " \"computed\": {}, \"types\": {}, \"validate\": {}, \"on_invalid\": \"skip\"}], \"embedded_tables\": [],"
            + " \"notes\": []}")
    public record MappingView(@Schema(required = true, nullable = true) String file,
            @Schema(required = true) boolean builtIn,
            @Schema(required = true) List<Map<String, Object>> collections,
            @Schema(required = true) List<Map<String, Object>> embeddedTables,
            @Schema(required = true) List<String> notes) {
    }
}
