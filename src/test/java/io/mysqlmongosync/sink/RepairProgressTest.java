package io.mysqlmongosync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mysqlmongosync.sink.RepairProgressStore.Progress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a table's next scheduled repair is due, also after its interval changed. */
class RepairProgressTest {

    private static final Instant NEXT = Instant.parse("2026-01-01T11:00:00Z");

    @Test
    void theStoredNextRunHoldsWhileTheIntervalIsTheSame() {
        assertEquals(NEXT, new Progress(null, null, NEXT, 60, 0, null).nextAt(60));
        assertEquals(NEXT, new Progress(null, null, NEXT, 0, 0, null).nextAt(15), "interval unknown: as stored");
        assertNull(Progress.NONE.nextAt(60), "never repaired: due now");
    }

    @Test
    void aChangedIntervalCountsFromTheLastStart() {
        // Stored with 1440 minutes: the last repair started a day before NEXT; with 60 it is due an hour after that.
        Progress daily = new Progress(null, null, NEXT, 1440, 0, null);
        assertEquals(Instant.parse("2025-12-31T12:00:00Z"), daily.nextAt(60));
        assertEquals(Instant.parse("2026-01-02T11:00:00Z"), daily.nextAt(2880));
    }
}
