package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.mapping.SourceRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint discipline of the one scan loop, with the change source faked behind its port: a position is
 * stored only after its batch was handled (acknowledged), a failed write stores nothing, the lease listener runs
 * before every write (after the read) and its fence covers the write and the save after it, an early stop is
 * honoured, and the source is always closed.
 */
class ScanLoopTest {

    /** A change source serving fixed batches; records whether it was closed. */
    static final class FakeSource implements ChangeSource {
        private final Iterator<ChangeBatch> batches;
        boolean closed;

        FakeSource(List<ChangeBatch> batches) {
            this.batches = batches.iterator();
        }

        @Override
        public ChangeBatch next() {
            return batches.hasNext() ? batches.next() : null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static ChangeBatch batch(long... ids) {
        List<SourceRow> rows = new ArrayList<>();
        for (long id : ids) {
            rows.add(new SourceRow(id, new Document("n", id), 0, List.of()));
        }
        return ChangeBatch.ofRows(rows, List.of(), rows.size(), new Object[] {ids[ids.length - 1]});
    }

    @Test
    void checksTheLeaseBeforeEachWriteAndStoresThePositionOnlyAfterIt() throws Exception {
        FakeSource source = new FakeSource(List.of(batch(1, 2), batch(3, 4), batch(5)));
        List<String> events = new ArrayList<>();
        boolean complete = ScanLoop.run(source, (b, fence) -> events.add("write " + b.after()[0]),
                (after, fence) -> events.add("save " + after[0]), () -> events.add("lease"), ScanLoop.AfterBatch.NONE,
                () -> false);
        assertTrue(complete);
        assertTrue(source.closed);
        assertEquals(List.of("lease", "write 2", "save 2", "lease", "write 4", "save 4", "lease", "write 5", "save 5"),
                events);
    }

    @Test
    void thePositionIsStoredUnderTheLeaseFenceOfTheWrite() throws Exception {
        FakeSource source = new FakeSource(List.of(batch(1), batch(2)));
        List<String> events = new ArrayList<>();
        PageListener listener = recording(events);
        // As the sink and the checkpoint store do: the fence passed with the batch is checked right before sending.
        ScanLoop.run(source, (b, fence) -> {
            fence.check();
            events.add("write " + b.after()[0]);
        }, (after, fence) -> {
            boolean fenced = fence.checks();
            fence.check();
            events.add("save " + after[0] + " fenced=" + fenced);
        }, listener, ScanLoop.AfterBatch.NONE, () -> false);
        assertEquals(List.of("lease", "fence", "write 1", "fence", "save 1 fenced=true", "lease", "fence", "write 2",
                "fence", "save 2 fenced=true"), events, "the save runs the lease check of the write (deadline)");

        List<Boolean> unfenced = new ArrayList<>();
        ScanLoop.run(new FakeSource(List.of(batch(3))), (b, fence) -> { },
                (after, fence) -> unfenced.add(fence.checks()), PageListener.NONE, ScanLoop.AfterBatch.NONE,
                () -> false);
        assertEquals(List.of(false), unfenced, "a scan without lease installs no fence: its saves read the lease");
    }

    @Test
    void aFailedWriteStoresNoPositionAndClosesTheSource() {
        FakeSource source = new FakeSource(List.of(batch(1, 2), batch(3, 4)));
        List<Object> saved = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScanLoop.run(source, (b, fence) -> {
            if ((long) b.after()[0] == 4) {
                throw new IllegalStateException("MongoDB refused the write");
            }
        }, (after, fence) -> saved.add(after[0]), PageListener.NONE, ScanLoop.AfterBatch.NONE, () -> false));
        assertEquals("MongoDB refused the write", e.getMessage());
        assertEquals(List.of(2L), saved, "the position of the failed batch is never stored: a restart replays it");
        assertTrue(source.closed);
    }

    @Test
    void stopsAfterTheCurrentBatchWhenAsked() throws Exception {
        FakeSource source = new FakeSource(List.of(batch(1), batch(2), batch(3)));
        List<Object> saved = new ArrayList<>();
        boolean complete = ScanLoop.run(source, (b, fence) -> { }, (after, fence) -> saved.add(after[0]), PageListener.NONE,
                ScanLoop.AfterBatch.NONE, () -> saved.size() == 2);
        assertFalse(complete);
        assertEquals(List.of(1L, 2L), saved);
        assertTrue(source.closed);
    }

    @Test
    void aStreamBatchGoesThroughTheSameRule() throws Exception {
        // A binlog table's transactions or a reverse table's events: any batch type, any position type.
        List<String> events = new ArrayList<>();
        PageListener listener = recording(events);
        ScanLoop.apply(List.of("insert a", "delete b"), "token-2", listener, (batch, fence) -> {
            fence.check();
            events.addAll(batch);
        }, (token, fence) -> events.add("save " + token + " fenced=" + fence.checks()));
        assertEquals(List.of("lease", "fence", "insert a", "delete b", "save token-2 fenced=true"), events);

        List<String> saved = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScanLoop.apply("batch", "token-3",
                PageListener.NONE, (batch, fence) -> {
                    throw new IllegalStateException("MySQL refused the write-back");
                }, (token, fence) -> saved.add(token)));
        assertEquals("MySQL refused the write-back", e.getMessage());
        assertEquals(List.of(), saved, "a batch that failed stores no position: the stream replays it");
    }

    /** A listener that records its lease checks: "lease" before a batch, "fence" before each request. */
    private static PageListener recording(List<String> events) {
        return new PageListener() {
            @Override
            public void beforeWrite() {
                events.add("lease");
            }

            @Override
            public void beforeSend() {
                events.add("fence");
            }
        };
    }
}
