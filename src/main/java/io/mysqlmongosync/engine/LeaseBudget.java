package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.MongoSettingsCustomizer;
import io.mysqlmongosync.source.KeysetPageReader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The service's time budget, computed here and only here: how long one call may take (SYNC_OPERATION_TIMEOUT_SECONDS,
 * the MongoDB driver's client-side operation timeout, see {@link MongoSettingsCustomizer#callBoundMillis}), how long a
 * page write may take with all its retries, the start-up rule that a table lease outlasts that write, and the run
 * watchdog's stall timeout.
 *
 * <p>A replica checks its lease only between page writes (see {@link LeaseKeeper}), so a write that started in time
 * must also end before the lease can expire: otherwise another replica could take the table over while the write's
 * last retry still lands. The bound follows the retry policy of {@code BulkUpserter.write}: SYNC_MAX_RETRIES retries
 * after SYNC_RETRY_DELAY doubling each time (capped at 5 minutes), and each of the 1 + SYNC_MAX_RETRIES attempts
 * bounded by the call bound. Start-up refuses a SYNC_LEASE_SECONDS that does not exceed that bound by a tenth of the
 * lease (the margin kept for clock drift). The defaults: 3 attempts of 5 s with 1 s and 2 s between them, 18 s, under
 * a 30 s lease.
 */
@ApplicationScoped
public class LeaseBudget {

    private static final Logger LOG = Logger.getLogger(LeaseBudget.class);
    /** Backoff of every retry: factor 2, at most 5 minutes (application.properties, global fault-tolerance keys). */
    private static final int FACTOR = 2;
    private static final long MAX_DELAY_MILLIS = 5 * 60_000L;
    private static final String DELAY_UNIT = "quarkus.fault-tolerance.global.retry.delay-unit";
    /** The least stall timeout derived from the budget: a page may be slow for other reasons than a dead server. */
    static final long MIN_STALL_MILLIS = 60_000;

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

    /**
     * How long a table of a running run may write no page before the watchdog aborts it: SYNC_STALL_TIMEOUT_SECONDS,
     * else one page read (the page's MySQL bound per attempt), its write and its checkpoint save, each with all
     * retries, and at least a minute.
     */
    public Duration stallTimeout() {
        if (config.stallTimeoutSeconds().isPresent()) {
            return Duration.ofSeconds(config.stallTimeoutSeconds().getAsInt());
        }
        long read = budgetMillis(config.maxRetries(), delayMillis(), pageReadBoundMillis());
        return Duration.ofSeconds((stallMillis(read, writeBudgetMillis()) + 999) / 1000);
    }

    /** A page read, then its write and its checkpoint save (each within the write budget), and at least a minute. */
    static long stallMillis(long readBudgetMillis, long writeBudgetMillis) {
        return Math.max(MIN_STALL_MILLIS, readBudgetMillis + 2 * writeBudgetMillis);
    }

    private long pageReadBoundMillis() {
        return raw.getOptionalValue("MYSQL_SOCKET_TIMEOUT_MS", Integer.class)
                .orElse(KeysetPageReader.pageTimeoutMillis(config.batchSize(), config.operationTimeoutMillis()));
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
        LOG.infof("Time budget: a MongoDB call ends within %d ms (SYNC_OPERATION_TIMEOUT_SECONDS=%d), a page write"
                + " with its %d retries within %d ms, under a %d s lease; the watchdog aborts a table after %d s"
                + " without a page", mongo.callBoundMillis(), config.operationTimeoutSeconds(), config.maxRetries(),
                writeBudgetMillis(), config.leaseSeconds(), stallTimeout().toSeconds());
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
                + (maxRetries + 1) + " attempts of up to " + callBoundMillis + " ms each (SYNC_OPERATION_TIMEOUT_SECONDS,"
                + " or MONGODB_SOCKET_TIMEOUT_MS + MONGODB_SERVER_SELECTION_TIMEOUT_MS when shorter) take up to "
                + budget + " ms; set SYNC_LEASE_SECONDS above " + ((budget * 10 / 9) / 1000 + 1)
                + " or lower the retries or SYNC_OPERATION_TIMEOUT_SECONDS";
    }
}
