package io.mysqlmongosync.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The time the schedule is decided by: when a run is due, when a run starts and when the next one is. One bean, so
 * a test can move the schedule's time forward ({@code QuarkusMock}) instead of waiting for a minute-long interval.
 */
@ApplicationScoped
public class ScheduleClock {

    /** Now. */
    public Instant now() {
        return Instant.now();
    }
}
