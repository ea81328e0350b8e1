package io.mysqlmongosync.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one run slot of a replica: one holder at a time, freed when its work ends. */
class RunSlotTest {

    private final RunSlot slot = new RunSlot();

    @AfterEach
    void stop() {
        slot.stop();
    }

    private static ActiveRun run(String id, String trigger) {
        return new ActiveRun(id, trigger, Instant.now(), List.of("products"));
    }

    @Test
    void aSecondRunOrVerificationIsRefusedWhileTheSlotIsHeldAndRunsOnceItIsFree() throws Exception {
        ActiveRun first = run("run-1", "manual");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        slot.take(first);
        slot.submit(first, () -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        assertSame(first, slot.active());
        RunInProgressException refused = assertThrows(RunInProgressException.class,
                () -> slot.take(run("verify-1", "verify")));
        assertTrue(refused.getMessage().contains("run-1"), refused.getMessage());
        assertThrows(RunInProgressException.class, slot::requireIdle, "a reset is refused under a run");

        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        await("the slot is freed when the work ends").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> slot.active() == null);
        assertDoesNotThrow(slot::requireIdle);
        ActiveRun next = run("verify-2", "verify");
        slot.take(next);
        assertSame(next, slot.active());
        assertTrue(next.verification());
    }

    @Test
    void workThatThrowsStillFreesTheSlotAndAReleasedRunFreesItAtOnce() throws Exception {
        ActiveRun failing = run("run-2", "scheduled");
        slot.take(failing);
        slot.submit(failing, () -> {
            throw new IllegalStateException("boom");
        });
        await("the slot is freed when the work fails").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10)).until(() -> slot.active() == null);

        ActiveRun notStarted = run("run-3", "manual");
        slot.take(notStarted);
        slot.release(notStarted);
        assertNull(slot.active());
    }
}
