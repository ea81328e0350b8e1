package io.mysqlmongosync.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mysqlmongosync.config.ConfigUnderTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory ring of recent run events: bounded, newest first, filtered by type, cheap, never throws. */
class RecentEventsTest {

    @Test
    void keepsTheLastHundredNewestFirstAndFiltersByType() {
        RecentEvents recent = new RecentEvents();
        for (int i = 0; i < 250; i++) {
            String type = i % 2 == 0 ? RunEvents.RUN_FINISHED : RunEvents.ALERT_RAISED;
            recent.record("id-" + i, type, "s" + i, Instant.now(), JsonNodeFactory.instance.objectNode(),
                    RecentEvents.Outcome.NOT_SENT);
        }
        List<RecentEvents.Entry> all = recent.recent(1000, null);
        assertEquals(RecentEvents.CAPACITY, all.size());
        assertEquals("id-249", all.get(0).id());
        assertEquals("id-150", all.get(all.size() - 1).id());
        assertEquals(3, recent.recent(3, null).size());
        List<RecentEvents.Entry> finished = recent.recent(100, "run.finished");
        assertEquals(50, finished.size());
        assertTrue(finished.stream().allMatch(e -> e.type().equals(RunEvents.RUN_FINISHED)));
        assertEquals("id-248", finished.get(0).id());
        assertEquals(finished, recent.recent(100, RunEvents.RUN_FINISHED));
    }

    @Test
    void summaryShowsPlainFieldsAndCountsAndIsShort() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("run_id", "r-1");
        data.put("status", "success");
        data.putNull("error");
        data.putObject("counts").put("read", 3).put("created", 2);
        data.putArray("tables").addObject().put("table", "products");
        assertEquals("status=success counts.read=3 counts.created=2", RecentEvents.summary(data));
        data.put("message", "x".repeat(1000));
        String longOne = RecentEvents.summary(data);
        assertEquals(RecentEvents.MAX_SUMMARY, longOne.length());
        assertTrue(longOne.endsWith("…"));
    }

    /**
     * Without a webhook every event is recorded as not_sent; recording 20,000 run events (each with a table result)
     * takes well under a second in all, so a run never notices it, and a failing data filler only logs.
     */
    @Test
    void withoutWebhookEventsAreRecordedCheaplyAndNeverThrow() {
        RecentEvents recent = new RecentEvents();
        RunEvents events = new RunEvents(ConfigUnderTest.build(Map.of()), new SimpleMeterRegistry(), recent);
        long start = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            events.alert(true, "lag", "behind by " + i + " s");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "recording 20,000 events took " + millis + " ms");
        RecentEvents.Entry newest = recent.recent(1, null).get(0);
        assertEquals(RecentEvents.Outcome.NOT_SENT, newest.outcome());
        assertEquals("lag", newest.subject());
        assertEquals("reason=lag message=behind by 19999 s", newest.summary());
        events.emit(RunEvents.TABLE_BLOCKED, "t", data -> {
            throw new IllegalStateException("broken filler");
        });
        assertFalse(recent.recent(1, null).get(0).type().equals(RunEvents.TABLE_BLOCKED));
    }
}
