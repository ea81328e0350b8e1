package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.port.Lease;
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
    void theDefaultsPassAndAShorterLeaseIsRefusedNamingWhatToChange() {
        // SYNC_MAX_RETRIES=2, SYNC_RETRY_DELAY=1 (s), SYNC_OPERATION_TIMEOUT_SECONDS=5: 3 x 5 s + 1 s + 2 s = 18 s.
        assertEquals(18_000, LeaseBudget.budgetMillis(2, 1_000, 5_000));
        assertNull(LeaseBudget.problem(30, 2, 1, 1_000, 5_000), "the default 30 s lease starts");
        // 18 s + 2 s is not below 20 s; 21 s is the shortest lease the defaults allow.
        String problem = LeaseBudget.problem(20, 2, 1, 1_000, 5_000);
        assertNotNull(problem);
        for (String expected : new String[] {"SYNC_MAX_RETRIES=2", "SYNC_RETRY_DELAY=1",
            "SYNC_OPERATION_TIMEOUT_SECONDS", "18000 ms", "set SYNC_LEASE_SECONDS above 21"}) {
            assertTrue(problem.contains(expected), problem);
        }
        assertNull(LeaseBudget.problem(21, 2, 1, 1_000, 5_000));
        // The old defaults (3 retries from 30 s, 150 s per attempt) needed 810 s: far beyond a short lease.
        assertNotNull(LeaseBudget.problem(30, 3, 30, 30_000, 150_000));
    }

    @Test
    void theDefaultsAreWhatTheBudgetRuleWasCheckedWith() {
        // The defaults as the service reads them (SyncConfig's @WithDefault), not copies of them.
        io.mysqlmongosync.config.SyncConfig defaults = new io.smallrye.config.SmallRyeConfigBuilder()
                .withMapping(io.mysqlmongosync.config.SyncConfig.class).build()
                .getConfigMapping(io.mysqlmongosync.config.SyncConfig.class);
        long call = defaults.operationTimeoutSeconds() * 1000L;
        assertNull(LeaseBudget.problem(defaults.leaseSeconds(), defaults.maxRetries(), defaults.retryDelay(),
                defaults.retryDelay() * 1000L, call), "the default lease passes the budget rule");
        assertTrue(defaults.leaseSeconds() <= 30, "short leases by default: " + defaults.leaseSeconds());
        // Renewed a quarter into the lease, before the write deadline (lease - budget - a tenth).
        long budget = LeaseBudget.budgetMillis(defaults.maxRetries(), defaults.retryDelay() * 1000L, call);
        assertTrue(defaults.leaseSeconds() * 250L <= defaults.leaseSeconds() * 900L - budget,
                "a quarter of the lease passes before the write deadline");
    }

    @Test
    void theWatchdogWaitsForAPageReadWriteAndCheckpointWithTheirRetriesAndAtLeastAMinute() {
        // Defaults: a 1000-row page read may wait 10 s per attempt (33 s with retries), write and save 18 s each.
        assertEquals(69_000, LeaseBudget.stallMillis(LeaseBudget.budgetMillis(2, 1_000, 10_000), 18_000));
        assertEquals(LeaseBudget.MIN_STALL_MILLIS, LeaseBudget.stallMillis(1_000, 2_000));
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
