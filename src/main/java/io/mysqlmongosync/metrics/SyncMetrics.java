package io.mysqlmongosync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** The service's Prometheus metrics (docs/OPERATIONS.md). Names and tags live here and nowhere else. */
@ApplicationScoped
public class SyncMetrics {

    /** Rows by table and outcome. */
    public static final String ROWS = "sync_rows";
    /** Runs by status. */
    public static final String RUNS = "sync_runs";
    /** Run duration. */
    public static final String RUN_DURATION = "sync_run_duration";
    /** Source change → target write, per table. */
    public static final String LAG = "sync_lag_seconds";
    /** Rows known to be waiting, per table. */
    public static final String PENDING = "sync_pending_rows";
    /** Errors by kind. */
    public static final String ERRORS = "sync_errors";
    /** Rows failing validation, per table. */
    public static final String VALIDATION_FAILURES = "sync_validation_failures";
    /** Rows skipped and recorded in _sync_dead_letters, per table and reason. */
    public static final String DEAD_LETTERS = "sync_dead_letters";
    /** Reasons of {@link #DEAD_LETTERS} (the constants of the engine's DeadLetters port). */
    private static final String[] DEAD_LETTER_REASONS = {"conversion", "validation", "too_large"};
    /** Last successful run, epoch seconds. */
    public static final String LAST_SUCCESS = "sync_last_success_timestamp_seconds";
    /** Last successful pass of a table, epoch seconds, per table. */
    public static final String TABLE_LAST_SUCCESS = "sync_table_last_success_timestamp_seconds";
    /** 1 while the scheduler is paused. */
    public static final String PAUSED = "sync_paused";
    /** Alerts raised, by reason. */
    public static final String ALERTS = "sync_alerts";
    /** Data size of a target collection in bytes (collStats), per collection; refreshed by StorageMonitor. */
    public static final String TARGET_DATA_BYTES = "sync_target_data_bytes";
    /** Free bytes of the target's file system (dbStats), when the server reports it. */
    public static final String TARGET_FS_FREE_BYTES = "sync_target_fs_free_bytes";

    /** Control-API calls not written to the audit collection, by reason (rate_limit, http_guard). */
    public static final String AUDIT_UNRECORDED = "sync_audit_unrecorded";

    /** Tag values of {@link #ROWS}. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED, SKIPPED, CONFLICT, DELETED }

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> longGauges = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> lagGauges = new ConcurrentHashMap<>();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Map<String, AtomicLong> tableLastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Double> lastLag = new ConcurrentHashMap<>();
    private final AtomicLong paused = new AtomicLong();
    private final Map<String, AtomicLong> targetDataBytes = new ConcurrentHashMap<>();
    private final AtomicLong targetFsFree = new AtomicLong(-1);

    SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(LAST_SUCCESS, lastSuccess, AtomicLong::get)
                .description("Epoch seconds of the last run in which every table synced (status success)").register(registry);
        Gauge.builder(PAUSED, paused, AtomicLong::get)
                .description("1 while scheduled runs are paused (by an operator or a critical error)").register(registry);
        for (String status : new String[] {"success", "partial", "failed", "skipped"}) {
            Counter.builder(RUNS).description("Sync runs by final status").tag("status", status).register(registry);
        }
        for (String kind : new String[] {"mysql", "mongodb", "conversion", "run"}) {
            Counter.builder(ERRORS).description("Errors by kind").tag("kind", kind).register(registry);
        }
    }

    /** Adds {@code n} rows with {@code outcome} for {@code table}. */
    public void rows(String table, Outcome outcome, long n) {
        Counter c = Counter.builder(ROWS).description("Rows processed by table and outcome")
                .tags("table", table, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        if (n > 0) {
            c.increment(n);
        }
    }

    /**
     * Adds {@code n} rows of {@code kind} ({@code checked}, {@code missing}, {@code extra}, {@code different},
     * {@code repaired}) to {@code sync_repair_rows_total} for a scheduled repair of {@code table}.
     */
    public void repairRows(String table, String kind, long n) {
        Counter c = Counter.builder("sync_repair_rows").description("Rows checked and differences found and"
                + " repaired by scheduled repairs, by table and kind").tags("table", table, "kind", kind)
                .register(registry);
        if (n > 0) {
            c.increment(n);
        }
    }

    /** Counts a finished run. */
    public void run(String status, Duration duration) {
        Counter.builder(RUNS).description("Sync runs by final status").tag("status", status).register(registry).increment();
        Timer.builder(RUN_DURATION).description("Wall time of sync runs").register(registry).record(duration);
        // Only a run in which every table synced: a partial run (a table failed, blocked or skipped) leaves the
        // freshness of the whole sync where it was, so a staleness alert still fires.
        if ("success".equals(status)) {
            lastSuccess.set(System.currentTimeMillis() / 1000);
        }
    }

    /** Records that {@code table} finished a pass without error now. */
    public void tableSucceeded(String table) {
        tableLastSuccess.computeIfAbsent(table, t -> {
            AtomicLong a = new AtomicLong();
            Gauge.builder(TABLE_LAST_SUCCESS, a, AtomicLong::get)
                    .description("Epoch seconds of the table's last pass that finished without error")
                    .tag("table", t).register(registry);
            return a;
        }).set(System.currentTimeMillis() / 1000);
    }

    /** Counts an error of {@code kind} (mysql_connection, mongodb_write, conversion, schema, ...). */
    public void error(String kind) {
        Counter.builder(ERRORS).description("Errors by kind").tag("kind", kind).register(registry).increment();
    }

    /**
     * Counts rows of {@code table} that failed a check: {@code kind} is {@code rejected} (skipped), {@code noted}
     * (written with a {@code _validation} note) or {@code warning} (written, e.g. a zero date as null); {@code rule}
     * names the check ({@code price.min}, {@code email.regex}, {@code conversion}, ...).
     */
    public void validationFailures(String table, String kind, String rule, long n) {
        if (n > 0) {
            validationCounter(table, kind, rule).increment(n);
        }
    }

    /**
     * Counts {@code n} rows of {@code table} skipped and recorded as dead letters for {@code reason}
     * ({@code conversion}, {@code validation} or {@code too_large}), each time a pass or the stream meets one.
     */
    public void deadLetters(String table, String reason, long n) {
        if (n > 0) {
            deadLetterCounter(table, reason).increment(n);
        }
    }

    private Counter deadLetterCounter(String table, String reason) {
        return Counter.builder(DEAD_LETTERS).description("Rows skipped and recorded in _sync_dead_letters, by reason")
                .tags("table", table, "reason", reason).register(registry);
    }

    /** Registers the validation counters of {@code table} at zero, so dashboards show each rule before it fires. */
    public void rules(String table, java.util.Collection<String> rules) {
        for (String rule : rules) {
            validationCounter(table, "rejected", rule);
        }
    }

    private Counter validationCounter(String table, String kind, String rule) {
        return Counter.builder(VALIDATION_FAILURES).description("Rows failing validation or conversion checks, per rule")
                .tags("table", table, "kind", kind, "rule", rule).register(registry);
    }

    /** Registers the per-table gauges of {@code table} (lag 0 until a change is measured). */
    public void table(String table) {
        lagGauge(table);
        pending(table, 0);
        validationCounter(table, "rejected", "conversion");
        validationCounter(table, "warning", "conversion");
        for (String reason : DEAD_LETTER_REASONS) {
            deadLetterCounter(table, reason);
        }
        for (Outcome o : Outcome.values()) {
            rows(table, o, 0);
        }
    }

    /** Sets the latest lag of {@code table} in seconds. */
    public void lag(String table, double seconds) {
        DoubleAdder g = lagGauge(table);
        g.reset();
        g.add(Math.max(0, seconds));
        lastLag.put(table, Math.max(0, seconds));
    }

    /** When {@code table} last finished a pass without error (this replica, since start-up), or null. */
    public java.time.Instant tableLastSuccess(String table) {
        AtomicLong a = tableLastSuccess.get(table);
        return a == null ? null : java.time.Instant.ofEpochSecond(a.get());
    }

    /** The latest measured lag of {@code table} in seconds, or null before the first measured change. */
    public Double lag(String table) {
        return lastLag.get(table);
    }

    private DoubleAdder lagGauge(String table) {
        return lagGauges.computeIfAbsent(table, t -> {
            DoubleAdder a = new DoubleAdder();
            Gauge.builder(LAG, a, DoubleAdder::sum).description("Seconds from source change to target write")
                    .tag("table", t).register(registry);
            return a;
        });
    }

    /** Sets the rows of {@code table} known to be waiting. */
    public void pending(String table, long rows) {
        longGauges.computeIfAbsent(table, t -> {
            AtomicLong a = new AtomicLong();
            Gauge.builder(PENDING, a, AtomicLong::get).description("Rows known to be waiting for sync")
                    .tag("table", t).register(registry);
            return a;
        }).set(Math.max(0, rows));
    }

    /** Records whether the scheduler is paused. */
    public void paused(boolean value) {
        paused.set(value ? 1 : 0);
    }

    /** Sets the data size in bytes of target {@code collection}. */
    public void targetDataBytes(String collection, long bytes) {
        targetDataBytes.computeIfAbsent(collection, c -> {
            AtomicLong a = new AtomicLong();
            Gauge.builder(TARGET_DATA_BYTES, a, AtomicLong::get).description("Data size of a target collection in bytes")
                    .baseUnit("bytes").tag("collection", c).register(registry);
            return a;
        }).set(Math.max(0, bytes));
    }

    /** Sets the free bytes of the target's file system (the gauge appears with the first value). */
    public void targetFsFreeBytes(long bytes) {
        if (targetFsFree.getAndSet(Math.max(0, bytes)) < 0) {
            Gauge.builder(TARGET_FS_FREE_BYTES, targetFsFree, AtomicLong::get)
                    .description("Free bytes of the file system holding the target database").baseUnit("bytes")
                    .register(registry);
        }
    }

    /**
     * Removes this instance's gauges at shutdown: they read its fields, and a registry that outlives the application
     * (Micrometer's global composite, e.g. across the restarts of a test run) would otherwise keep the dead ones and
     * hand them back to the next instance's registrations.
     */
    @jakarta.annotation.PreDestroy
    void removeGauges() {
        for (io.micrometer.core.instrument.Meter m : java.util.List.copyOf(registry.getMeters())) {
            if (m instanceof Gauge && m.getId().getName().startsWith("sync_")) {
                registry.remove(m);
            }
        }
    }

    /** Counts an alert. */
    public void alert(String reason) {
        Counter.builder(ALERTS).description("Alerts raised").tag("reason", reason).register(registry).increment();
    }
}
