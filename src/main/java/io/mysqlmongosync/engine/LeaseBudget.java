package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.MongoSettingsCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.Config;

/**
 * How long one page write may take with all its retries, and the start-up rule that a table lease outlasts it.
 * A replica checks its lease only between page writes (see {@link LeaseKeeper}), so a write that started in time
 * must also end before the lease can expire: otherwise another replica could take the table over while the write's
 * last retry still lands. The bound follows the retry policy of {@code BulkUpserter.write}: SYNC_MAX_RETRIES
 * retries after SYNC_RETRY_DELAY doubling each time (capped at 5 minutes), and each of the 1 + SYNC_MAX_RETRIES
 * attempts bounded by MongoDB server selection plus the socket read timeout. Start-up refuses a SYNC_LEASE_SECONDS
 * that does not exceed that bound by a tenth of the lease (the margin kept for clock drift).
 */
@ApplicationScoped
public class LeaseBudget {

    /** Backoff of every retry: factor 2, at most 5 minutes (application.properties, global fault-tolerance keys). */
    private static final int FACTOR = 2;
    private static final long MAX_DELAY_MILLIS = 5 * 60_000L;
    private static final String DELAY_UNIT = "quarkus.fault-tolerance.global.retry.delay-unit";

    private final SyncConfig config;
    private final Config raw;
    private final MongoSettingsCustomizer mongo;

    LeaseBudget(SyncConfig config, Config raw, MongoSettingsCustomizer mongo) {
        this.config = config;
        this.raw = raw;
        this.mongo = mongo;
    }

    /** The longest a page write with all its retries may take, in milliseconds. */
    public long writeBudgetMillis() {
        return budgetMillis(config.maxRetries(), delayMillis(), mongo.callBoundMillis());
    }

    /** The sum of the backoff delays plus every attempt's bound. */
    static long budgetMillis(int maxRetries, long delayMillis, long callBoundMillis) {
        long total = (maxRetries + 1L) * callBoundMillis;
        long delay = delayMillis;
        for (int i = 0; i < maxRetries; i++) {
            total += Math.min(delay, MAX_DELAY_MILLIS);
            delay = Math.min(delay * FACTOR, MAX_DELAY_MILLIS);
        }
        return total;
    }

    private long delayMillis() {
        ChronoUnit unit = raw.getOptionalValue(DELAY_UNIT, String.class).map(ChronoUnit::valueOf)
                .orElse(ChronoUnit.SECONDS);
        return unit.getDuration().toMillis() * config.retryDelay();
    }

    void check(@Observes StartupEvent event) {
        String problem = problem(config.leaseSeconds(), config.maxRetries(), config.retryDelay(), delayMillis(),
                mongo.callBoundMillis());
        if (problem != null) {
            throw new InvalidSettingException("SYNC_LEASE_SECONDS", String.valueOf(config.leaseSeconds()), problem);
        }
    }

    /** Why {@code leaseSeconds} is too short for the retry settings, or null when it is long enough. */
    static String problem(int leaseSeconds, int maxRetries, int retryDelay, long delayMillis, long callBoundMillis) {
        long budget = budgetMillis(maxRetries, delayMillis, callBoundMillis);
        long lease = leaseSeconds * 1000L;
        if (budget + lease / 10 < lease) {
            return null;
        }
        return "must exceed one page write with all its retries plus a tenth of the lease: SYNC_MAX_RETRIES="
                + maxRetries + " retries after SYNC_RETRY_DELAY=" + retryDelay + " doubling, and "
                + (maxRetries + 1) + " attempts of up to " + callBoundMillis + " ms each (MONGODB_SOCKET_TIMEOUT_MS +"
                + " MONGODB_SERVER_SELECTION_TIMEOUT_MS) take up to " + budget + " ms; set SYNC_LEASE_SECONDS above "
                + ((budget * 10 / 9) / 1000 + 1) + " or lower the retries or timeouts";
    }
}
