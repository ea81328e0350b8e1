package io.mysqlmongosync.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer records of the reads built from stored documents (history, audit, conflicts, dead letters, sample); each
 * {@code of} maps one stored document. Values that are stored documents themselves stay maps (relaxed extended JSON).
 * They are the OpenAPI schemas of those answers; the contract test checks every answer against them. Fields that a
 * stored document may lack are left out of the answer then ({@code NON_NULL}), as the document does.
 */
@RegisterForReflection(targets = {ReadModels.RunView.class, ReadModels.RunTableView.class,
    ReadModels.AuditEntryView.class, ReadModels.ConflictPage.class, ReadModels.ConflictView.class,
    ReadModels.DeadLetterPage.class, ReadModels.DeadLetterView.class, ReadModels.SampleEntry.class})
public final class ReadModels {

    private ReadModels() {
    }

    /**
     * One run in {@code GET /sync/history}. A running run has {@code tables} and none of {@code finished_at},
     * {@code total_records}, {@code results} and {@code error}; a finished one the other way round ({@code error}
     * null when it has none); an abandoned one {@code tables}, {@code finished_at} and {@code error}.
     */
    @Schema(name = "RunView", example = "{\"id\": \"6f1c2a\", \"trigger\": \"scheduled\", \"owner\": \"host-1\","
            + " \"started_at\": \"2026-01-01T10:00:00Z\", \"finished_at\": \"2026-01-01T10:00:42Z\", \"status\":"
            + " \"success\", \"total_records\": 120, \"results\": [], \"error\": null}")
    public record RunView(@Schema(required = true) String id,
            @Schema(required = true, description = "scheduled or manual") String trigger,
            @Schema(required = true, description = "The replica that ran it") String owner,
            @Schema(required = true) String startedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Left out while running")
            String finishedAt,
            @Schema(required = true, description = "running, success, partial, failed, skipped, abandoned") String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Tables of a run still running (or"
                    + " abandoned)") List<String> tables,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Left out while running")
            Long totalRecords,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Left out while running")
            List<RunTableView> results,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(nullable = true, implementation = String.class,
                    description = "Why it failed; null when it did not, left out while running")
            Optional<String> error) {

        /** The run stored as {@code d} in {@code _sync_runs}. */
        static RunView of(Document d) {
            List<RunTableView> results = d.getList("results", Document.class) == null ? null
                    : d.getList("results", Document.class).stream().map(RunTableView::of).toList();
            return new RunView(String.valueOf(d.get("_id")), d.getString("trigger"), d.getString("owner"),
                    iso(d.getDate("started_at")), iso(d.getDate("finished_at")), d.getString("status"),
                    d.getList("tables", String.class), d.get("total_records") instanceof Number n ? n.longValue() : null,
                    results, d.containsKey("error") ? Optional.ofNullable(d.getString("error")) : null);
        }
    }

    /** One table of a finished run in {@code GET /sync/history}. */
    @Schema(name = "RunTableView")
    public record RunTableView(String table, String status, @Schema(nullable = true) String mode, long read,
            long created, long updated, long unchanged, long skipped, long conflict, long deleted,
            @Schema(description = "Documents removed because their rows were deleted in MySQL") long hardDeleted,
            @Schema(description = "Rows of read that were re-read from the look-back window") long reread,
            long warnings, long durationMs, @Schema(nullable = true) String error) {

        static RunTableView of(Document t) {
            return new RunTableView(t.getString("table"), t.getString("status"), t.getString("mode"), n(t, "read"),
                    n(t, "created"), n(t, "updated"), n(t, "unchanged"), n(t, "skipped"), n(t, "conflict"),
                    n(t, "deleted"), n(t, "hard_deleted"), n(t, "reread"), n(t, "warnings"), n(t, "duration_ms"),
                    t.getString("error"));
        }
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
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Run id and tables of a trigger; left out for other actions") Map<String, Object> detail) {

        /** An entry as the audit trail lists it. */
        @SuppressWarnings("unchecked")
        static AuditEntryView of(Map<String, Object> e) {
            return new AuditEntryView((String) e.get("id"), (String) e.get("at"), (String) e.get("who"),
                    (String) e.get("action"), (String) e.get("method"), (String) e.get("path"), (String) e.get("from"),
                    e.get("status") instanceof Number n ? n.intValue() : 0, (String) e.get("result"),
                    (Map<String, Object>) e.get("detail"));
        }
    }

    /** Answer of {@code GET /sync/conflicts}. */
    @Schema(name = "ConflictPage", example = "{\"total\": 0, \"offset\": 0, \"limit\": 50, \"conflicts\": []}")
    public record ConflictPage(@Schema(required = true) long total, @Schema(required = true) int offset,
            @Schema(required = true) int limit, @Schema(required = true) List<ConflictView> conflicts) {
    }

    /** One recorded conflict; versions, documents and times as relaxed extended JSON. */
    @Schema(name = "ConflictView")
    public record ConflictView(String table, String collection, Object docId, Object sourceVersion,
            @Schema(nullable = true) Object targetVersion, String winner, String policy,
            Map<String, Object> sourceDocument, @Schema(nullable = true) Map<String, Object> targetDocument,
            Object detectedAt, String id) {

        /** The conflict stored as {@code d} in {@code _sync_conflicts}. */
        @SuppressWarnings("unchecked")
        static ConflictView of(Document d) {
            Map<String, Object> c = BsonJson.plain(d);
            return new ConflictView((String) c.get("table"), (String) c.get("collection"), c.get("doc_id"),
                    c.get("source_version"), c.get("target_version"), (String) c.get("winner"),
                    (String) c.get("policy"), (Map<String, Object>) c.get("source_document"),
                    (Map<String, Object>) c.get("target_document"), c.get("detected_at"), String.valueOf(d.get("_id")));
        }
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

        /** The entry stored as {@code d} in {@code _sync_dead_letters}. */
        static DeadLetterView of(Document d) {
            Object docId = d.get("doc_id");
            return new DeadLetterView(d.getString("table"), d.getString("key"), d.getString("reason"),
                    d.getString("problem"), d.getString("mode"),
                    docId == null ? null : BsonJson.plain(new Document("v", docId)).get("v"),
                    iso(d.getDate("first_at")), iso(d.getDate("last_at")),
                    d.get("times") instanceof Number n ? n.longValue() : 1L);
        }
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

    private static long n(Document d, String key) {
        return d.get(key) instanceof Number v ? v.longValue() : 0;
    }

    private static String iso(Date d) {
        return d == null ? null : d.toInstant().toString();
    }
}
