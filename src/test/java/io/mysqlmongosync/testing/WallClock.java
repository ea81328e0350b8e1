package io.mysqlmongosync.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

/**
 * Waits for the wall clock to pass a point. The JVM, the local MariaDB and the in-process MongoDB server read the same
 * system clock, so a test that needs one side's change stamped later than the other's waits for the clock to move on,
 * not for a fixed time.
 */
public final class WallClock {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private WallClock() {
    }

    /** Returns once the clock reads later than {@code instant}. */
    public static void awaitPast(Instant instant) {
        Duration ahead = Duration.between(Instant.now(), instant);
        await("the clock passes " + instant).atMost(BOUND.plus(ahead.isNegative() ? Duration.ZERO : ahead))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> Instant.now().isAfter(instant));
    }

    /** Returns once the clock is in a later millisecond than now: what is written next is stamped in a later one. */
    public static void awaitNextMillisecond() {
        long now = System.currentTimeMillis();
        await("the next millisecond").atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> System.currentTimeMillis() > now);
    }

    /** Returns once the clock is in a later second than now, for a store that stamps its changes to the second. */
    public static void awaitNextSecond() {
        long now = Instant.now().getEpochSecond();
        await("the next second").atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> Instant.now().getEpochSecond() > now);
    }
}
