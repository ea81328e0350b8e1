package io.mysqlmongosync.sink.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.Conventions;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * The state entities read the documents as they have always been stored (decoded with the POJO codec the way
 * Quarkus configures it), and write every field, explicit nulls included.
 */
class StateDocumentsTest {

    private static final CodecRegistry REGISTRY = CodecRegistries.fromRegistries(
            MongoClientSettings.getDefaultCodecRegistry(), CodecRegistries.fromProviders(PojoCodecProvider.builder()
                    .automatic(true).conventions(Conventions.DEFAULT_CONVENTIONS).build()));

    private static <T> T decode(Document stored, Class<T> type) {
        BsonDocument bson = stored.toBsonDocument(Document.class, REGISTRY);
        return REGISTRY.get(type).decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
    }

    @Test
    void aStoredKeyOfAnyTypeReadsBackAsTheValuesWritten() {
        Date at = new Date(1_700_000_000_000L);
        List<Object> key = Arrays.asList(7L, "x", at, new Decimal128(new BigDecimal("12.50")),
                new Binary(new byte[] {1, 2}), 2.5, null);
        CheckpointDocument d = decode(new Document("_id", "orders").append("phase", "INCREMENTAL")
                .append("load_clock", "2024-01-01 00:00:00.000000").append("cursor", key)
                .append("load_ranges", new Document("r0", new Document("lower", null).append("upper", 10L)))
                .append("lease_epoch", 3L).append("passes", 2).append("unknown_field", 1), CheckpointDocument.class);
        assertEquals("orders", d.table);
        assertEquals("INCREMENTAL", d.phase);
        List<Object> read = CheckpointDocument.key(d.cursor);
        assertEquals(key.subList(0, 4), read.subList(0, 4));
        assertArrayEquals(new byte[] {1, 2}, ((Binary) read.get(4)).getData());
        assertEquals(2.5, read.get(5));
        assertNull(read.get(6));
        assertNull(CheckpointDocument.key(d.loadPosition), "an absent key stays absent");
        assertEquals(10L, d.loadRanges.get("r0", Document.class).get("upper"));
        assertEquals(3L, d.leaseEpoch);
        assertEquals(2L, d.passes, "an Int32 counter reads as a long");
    }

    @Test
    void theControlStateIsWrittenWithEveryFieldIncludingNulls() {
        ControlStateDocument d = new ControlStateDocument();
        d.paused = false;
        d.intervalMinutes = 15;
        d.nextRunAt = new Date();
        d.configIntervalMinutes = 15;
        d.configEnabled = true;
        d.version = 4L;
        Document stored = d.toDocument();
        assertEquals(List.of("_id", "paused", "paused_reason", "paused_by", "interval_minutes", "next_run_at",
                "last_run_at", "last_status", "config_interval_minutes", "config_enabled", "updated_at", "version"),
                List.copyOf(stored.keySet()));
        assertTrue(stored.containsKey("paused_reason") && stored.get("paused_reason") == null);
        ControlStateDocument read = decode(stored, ControlStateDocument.class);
        assertEquals(ControlStateDocument.ID, read.id);
        assertEquals(4L, ControlStateDocument.version(read));
        assertEquals(0L, ControlStateDocument.version(decode(new Document("_id", "control"),
                ControlStateDocument.class)), "a document written before versions existed has none");
    }

    @Test
    void aFinishedRunReplacesTheRunningFormWithItsResultsAndAnExplicitError() {
        RunDocument run = new RunDocument();
        run.id = "r1";
        run.trigger = "manual";
        run.owner = "a";
        run.startedAt = new Date(1000);
        run.status = "running";
        run.tables = List.of("orders");
        assertEquals(List.of("_id", "trigger", "owner", "started_at", "status", "tables"),
                List.copyOf(run.startedDocument().keySet()));
        run.status = "success";
        run.finishedAt = new Date(2000);
        run.totalRecords = 5L;
        run.results = List.of(new Document("table", "orders").append("error", null));
        Document finished = run.finishedDocument();
        assertEquals(List.of("_id", "trigger", "owner", "started_at", "finished_at", "status", "total_records",
                "results", "error"), List.copyOf(finished.keySet()));
        assertTrue(finished.containsKey("error") && finished.get("error") == null);
        RunDocument read = decode(finished, RunDocument.class);
        assertEquals("orders", read.results.get(0).getString("table"));
        assertEquals(5L, read.totalRecords);
    }

    @Test
    void auditAndConflictEntriesDecodeWithTheirFreeFormParts() {
        AuditDocument audit = decode(new Document("_id", new org.bson.types.ObjectId()).append("at", new Date(5))
                .append("who", "alice").append("action", "pause").append("method", "POST").append("path", "/sync/pause")
                .append("from", "127.0.0.1").append("status", 200).append("result", "success")
                .append("detail", new Document("tables", List.of("orders"))), AuditDocument.class);
        assertEquals(new Date(5), audit.at);
        assertEquals("127.0.0.1", audit.from);
        assertEquals(200, audit.status);
        assertEquals(List.of("orders"), audit.detail.getList("tables", String.class));
        ConflictDocument conflict = decode(new Document("table", "products").append("doc_id", 1)
                .append("source_version", 10L).append("target_version", null).append("winner", "source")
                .append("target_document", new Document("name", "edited")), ConflictDocument.class);
        assertEquals(1, conflict.docId.asInt32().getValue());
        assertNull(conflict.targetVersion);
        assertEquals("edited", conflict.targetDocument.getString("name"));
    }
}
