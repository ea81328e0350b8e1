package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.sink.Lease;
import io.mysqlmongosync.sink.LeaseLostException;
import io.mysqlmongosync.sink.UnrenewableLeaseStore;
import org.junit.jupiter.api.Test;

/** The start-up rule that a table lease outlasts one page write with all its retries, and the deadline. */
class LeaseBudgetTest {

    @Test
    void theBudgetAddsTheBackoffDelaysAndEveryAttemptsBound() {
        // 3 retries from 30 s doubling (30 + 60 + 120 s) and 4 attempts of 150 s (120 s socket + 30 s selection).
        assertEquals(810_000, LeaseBudget.budgetMillis(3, 30_000, 150_000));
        // The backoff is capped at 5 minutes per delay.
        assertEquals(300_000 + 300_000 + 3 * 1_000, LeaseBudget.budgetMillis(2, 400_000, 1_000));
        assertEquals(1_000, LeaseBudget.budgetMillis(0, 30_000, 1_000));
    }

    @Test
    void theDefaultsPassTheOldLeaseDidNot() {
        assertNull(LeaseBudget.problem(1200, 3, 30, 30_000, 150_000), "the defaults start");
        String problem = LeaseBudget.problem(60, 3, 30, 30_000, 150_000);
        assertNotNull(problem, "a 60 s lease cannot outlast 810 s of retries");
        for (String expected : new String[] {"SYNC_MAX_RETRIES=3", "SYNC_RETRY_DELAY=30", "MONGODB_SOCKET_TIMEOUT_MS",
            "MONGODB_SERVER_SELECTION_TIMEOUT_MS", "810000 ms", "set SYNC_LEASE_SECONDS above 901"}) {
            assertTrue(problem.contains(expected), problem);
        }
        // budget + a tenth of the lease must stay below the lease: 810 s + 90 s is not below 900 s.
        assertNotNull(LeaseBudget.problem(900, 3, 30, 30_000, 150_000));
        assertNull(LeaseBudget.problem(901, 3, 30, 30_000, 150_000));
    }

    @Test
    void theKeeperRenewsWhenDueAndStopsAtTheDeadline() {
        long[] now = {0};
        long ttl = 10_000; // 10 s lease, 4 s write budget, 1 s margin: deadline 5 s after the last renewal
        UnrenewableLeaseStore leases = new UnrenewableLeaseStore(null);
        leases.failing().set(false);
        LeaseKeeper keeper = new LeaseKeeper(leases, new Lease("t", "a", 1, 0), 0, ttl, 4_000_000_000L, () -> now[0]);
        assertEquals(5_000_000_000L, keeper.deadline());
        now[0] = 2_000_000_000L;
        keeper.beforeWrite();
        assertEquals(0, leases.renewals(), "not due before a quarter of the lease");
        now[0] = 2_600_000_000L;
        keeper.beforeWrite();
        assertEquals(1, leases.renewals());
        assertEquals(2_600_000_000L + 5_000_000_000L, keeper.deadline());
        leases.failing().set(true);
        now[0] = 6_000_000_000L;
        keeper.beforeWrite(); // the renewal fails, the deadline (7.6 s) is not reached: the write may go ahead
        now[0] = 7_600_000_000L;
        LeaseLostException stop = assertThrows(LeaseLostException.class, keeper::beforeWrite);
        assertTrue(stop.getMessage().contains("could not be renewed before its deadline"), stop.getMessage());
    }
}
