package io.mysqlmongosync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The read records written as JSON (snake_case, as Quarkus writes them) against the maps the endpoints answered
 * before they were records: the same names, nesting, types and nulls, and a field a stored document lacks is left
 * out, not written as null.
 */
class ReadModelsTest {

    static final ObjectMapper QUARKUS_LIKE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).addModule(new Jdk8Module())
            .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    static final Date STARTED = new Date(1_767_261_600_000L);
    static final Date FINISHED = new Date(1_767_261_642_000L);

    @Test
    void runsOfEveryShapeAreWrittenAsTheirDocumentsWere() throws Exception {
        Document running = new Document("_id", "r1").append("trigger", "manual").append("owner", "host-1")
                .append("started_at", STARTED).append("status", "running").append("tables", List.of("products"));
        Document finished = new Document("_id", "r2").append("trigger", "scheduled").append("owner", "host-1")
                .append("started_at", STARTED).append("finished_at", FINISHED).append("status", "success")
                .append("total_records", 12L).append("results", List.of(new Document("table", "products")
                        .append("status", "success").append("mode", null).append("read", 12L).append("created", 2L)
                        .append("updated", 3L).append("unchanged", 4L).append("skipped", 0L).append("conflict", 1L)
                        .append("deleted", 2L).append("hard_deleted", 0L).append("reread", 5L).append("warnings", 0L)
                        .append("duration_ms", 40L).append("error", null)))
                .append("error", null);
        Document abandoned = new Document(running).append("status", "abandoned").append("finished_at", FINISHED)
                .append("error", "the process running it stopped");
        for (Document run : List.of(running, finished, abandoned)) {
            assertSame(before(run, "id", k -> run.get("_id")), ReadModels.RunView.of(run), run.getString("status"));
        }
        // running and finished runs keep the order of their documents too
        assertEquals(QUARKUS_LIKE.writeValueAsString(before(running, "id", k -> running.get("_id"))),
                QUARKUS_LIKE.writeValueAsString(ReadModels.RunView.of(running)));
        assertEquals(QUARKUS_LIKE.writeValueAsString(before(finished, "id", k -> finished.get("_id"))),
                QUARKUS_LIKE.writeValueAsString(ReadModels.RunView.of(finished)));
    }

    @Test
    void auditEntriesWithAndWithoutDetail() throws Exception {
        Map<String, Object> pause = new LinkedHashMap<>();
        pause.put("id", new ObjectId().toString());
        pause.put("at", STARTED.toInstant().toString());
        pause.put("who", "anonymous");
        pause.put("action", "pause");
        pause.put("method", "POST");
        pause.put("path", "/sync/pause");
        pause.put("from", "127.0.0.1");
        pause.put("status", 200);
        pause.put("result", "success");
        Map<String, Object> trigger = new LinkedHashMap<>(pause);
        trigger.put("action", "trigger");
        trigger.put("status", 202);
        trigger.put("detail", new Document("run_id", "r1").append("tables", List.of("products"))
                .append("force_full_sync", false));
        for (Map<String, Object> entry : List.of(pause, trigger)) {
            assertEquals(QUARKUS_LIKE.writeValueAsString(entry),
                    QUARKUS_LIKE.writeValueAsString(ReadModels.AuditEntryView.of(entry)));
        }
    }

    @Test
    void conflictsAndDeadLettersAsBefore() throws Exception {
        Document conflict = new Document("_id", new ObjectId()).append("table", "products").append("collection", "products")
                .append("doc_id", 7).append("source_version", STARTED).append("target_version", null)
                .append("winner", "source").append("policy", "source-wins")
                .append("source_document", new Document("_id", 7).append("price", new org.bson.types.Decimal128(
                        new java.math.BigDecimal("9.99"))))
                .append("target_document", null).append("detected_at", FINISHED);
        Map<String, Object> before = BsonJson.plain(conflict);
        before.put("id", String.valueOf(conflict.get("_id")));
        before.remove("_id");
        assertEquals(QUARKUS_LIKE.writeValueAsString(before),
                QUARKUS_LIKE.writeValueAsString(ReadModels.ConflictView.of(conflict)));

        for (Object docId : java.util.Arrays.asList(3, null)) {
            Document letter = new Document("_id", new ObjectId()).append("table", "files").append("key", "id=3")
                    .append("reason", "too_large").append("problem", "too big").append("mode", "load")
                    .append("doc_id", docId).append("first_at", STARTED).append("last_at", FINISHED).append("times", 2);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("table", "files");
            e.put("key", "id=3");
            e.put("reason", "too_large");
            e.put("problem", "too big");
            e.put("mode", "load");
            e.put("doc_id", docId);
            e.put("first_at", STARTED.toInstant().toString());
            e.put("last_at", FINISHED.toInstant().toString());
            e.put("times", 2L);
            assertEquals(QUARKUS_LIKE.writeValueAsString(e),
                    QUARKUS_LIKE.writeValueAsString(ReadModels.DeadLetterView.of(letter)));
        }
    }

    /** The map the history answered before: {@code id} first, dates as ISO text, every other field as stored. */
    private static Map<String, Object> before(Document d, String idName, java.util.function.Function<String, Object> id) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put(idName, id.apply(idName));
        d.forEach((k, v) -> {
            if (!k.equals("_id")) {
                run.put(k, v instanceof Date date ? date.toInstant().toString() : v);
            }
        });
        return run;
    }

    /** Same JSON tree: names, nesting, types and nulls, whatever the order. */
    private static void assertSame(Object before, Object after, String what) throws Exception {
        JsonNode expected = QUARKUS_LIKE.valueToTree(before);
        JsonNode actual = QUARKUS_LIKE.valueToTree(after);
        assertEquals(expected, actual, what);
    }
}
