package io.mysqlmongosync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed view of every {@code sync.*} setting. Each key is spelled so that the seed's environment name
 * maps onto it directly ({@code SYNC_BATCH_SIZE} is {@code sync.batch-size}); {@link EnvironmentValueRules}
 * rejects bad values, naming the variable, before this mapping is built.
 */
@ConfigMapping(prefix = "sync")
public interface SyncConfig {

    /** Whether scheduled runs start enabled (SYNC_ENABLED); false starts the service paused. */
    @WithDefault("true")
    boolean enabled();

    /** Minutes between scheduled runs (SYNC_INTERVAL_MINUTES), {@value SettingBounds#INTERVAL_MINUTES_RANGE}. */
    @WithDefault("60")
    int intervalMinutes();

    /** Rows per keyset page and per bulk write (SYNC_BATCH_SIZE), {@value SettingBounds#BATCH_SIZE_RANGE}. */
    @WithDefault("1000")
    int batchSize();

    /**
     * Retries after a failed read or write (SYNC_MAX_RETRIES), 0..100: every {@code @Retry} of the service follows it
     * (global fault-tolerance keys in application.properties), and so does the lease budget. 2 (with
     * {@link #retryDelay} 1 s and {@link #operationTimeoutSeconds} 5 s) keeps a page write with its retries within
     * 18 s, which the default 30 s lease outlasts.
     */
    @WithDefault("2")
    int maxRetries();

    /** Initial delay in seconds before a retry, doubled each attempt (SYNC_RETRY_DELAY); see {@link #maxRetries}. */
    @WithDefault("1")
    int retryDelay();

    /**
     * The deadline of one call to MySQL or MongoDB, one attempt, in seconds (SYNC_OPERATION_TIMEOUT_SECONDS), 2..3600:
     * MongoDB's client-side operation timeout (server selection, connection, every round trip of the call) and
     * MySQL's connect and socket timeouts derive from it (see LeaseBudget).
     */
    @WithDefault(DEFAULT_OPERATION_TIMEOUT_SECONDS)
    int operationTimeoutSeconds();

    /** {@link #operationTimeoutSeconds} in milliseconds. */
    default int operationTimeoutMillis() {
        return operationTimeoutSeconds() * 1000;
    }

    /** The default of {@link #operationTimeoutSeconds}, also read where only the raw configuration is at hand. */
    String DEFAULT_OPERATION_TIMEOUT_SECONDS = "5";

    /** Tables to synchronise, in run order (SYNC_TABLES). */
    @WithDefault("products,orders,customers,inventory,categories")
    List<String> tables();

    /** Change-column candidates in order of preference (SYNC_CHANGE_COLUMNS). */
    @WithDefault("updated_at,created_at")
    List<String> changeColumns();

    /** Column scanned for rows whose change column is NULL or a zero date (SYNC_CREATED_COLUMN). */
    @WithDefault("created_at")
    String createdColumn();

    /** Zone the source's DATETIME values are written in; also the session time zone (SYNC_SOURCE_TIME_ZONE). */
    @WithDefault("+00:00")
    String sourceTimeZone();

    /** Seconds subtracted from the database clock to freeze a pass's upper bound (SYNC_SAFETY_LAG_SECONDS). */
    @WithDefault("2")
    int safetyLagSeconds();

    /** Seconds re-read before the cursor on each pass, to catch late commits (SYNC_LOOKBACK_SECONDS). */
    @WithDefault("300")
    int lookbackSeconds();

    /** Keep exact microseconds in a sibling field when a column's fsp is above 3 (SYNC_KEEP_MICROS). */
    @WithDefault("true")
    boolean keepMicros();

    /** Suffix of the sibling field that holds microseconds since the epoch (SYNC_MICROS_SUFFIX). */
    @WithDefault("_micros")
    String microsSuffix();

    /** DATE columns as a BSON date at 00:00 UTC ({@code date}) or an ISO string ({@code string}) (SYNC_DATE_MODE). */
    @WithDefault("date")
    String dateMode();

    /** NULL columns written as null ({@code null}) or left out ({@code omit}) (SYNC_NULL_MODE). */
    @WithDefault("null")
    String nullMode();

    /**
     * How often the scheduler checks whether a run is due and the run watchdog looks for stalled tables (SYNC_TICK),
     * e.g. {@code 10s}; their {@code @Scheduled} intervals read it as {@code ${sync.tick}}.
     */
    @WithDefault("10s")
    String tick();

    /** A run older than this marks liveness DOWN (SYNC_RUN_TIMEOUT_MINUTES). */
    @WithDefault("240")
    int runTimeoutMinutes();

    /**
     * Seconds a table of a running run may go without writing a page before the run watchdog aborts it (its MySQL
     * connections are aborted, the table fails and the next pass resumes from the checkpoint) and liveness reports
     * the run stuck (SYNC_STALL_TIMEOUT_SECONDS); unset: derived from the page budget (LeaseBudget#stallTimeout).
     */
    java.util.OptionalInt stallTimeoutSeconds();

    /** Consecutive failed runs after which the scheduler pauses itself and alerts (SYNC_MAX_FAILED_RUNS). */
    @WithDefault("3")
    int maxFailedRuns();

    /** Replica identity for table leases (SYNC_OWNER); defaults to POD_NAME, then HOSTNAME, then the host name. */
    Optional<String> owner();

    /**
     * Seconds a table lease lasts without renewal (SYNC_LEASE_SECONDS). It must outlast one page write with all
     * its retries plus a tenth of the lease (checked at start-up, see LeaseBudget): with the defaults (3 attempts of
     * 5 s, 1 s + 2 s between them) that is 18 s, so 30 s.
     */
    @WithDefault("30")
    int leaseSeconds();

    /** Days of run history kept in {@code _sync_runs} (SYNC_HISTORY_DAYS). */
    @WithDefault("30")
    int historyDays();

    /** URL that receives a JSON POST for each alert (SYNC_ALERT_WEBHOOK_URL); unset means log and metric only. */
    Optional<String> alertWebhookUrl();

    /**
     * URL that receives run events, CloudEvents 1.0 JSON (SYNC_EVENTS_WEBHOOK_URL); unset sends none. See
     * io.mysqlmongosync.events.RunEvents.
     */
    Optional<String> eventsWebhookUrl();

    /**
     * Key of the HMAC-SHA256 signature of each run event (SYNC_EVENTS_WEBHOOK_SECRET, or a file named by
     * SYNC_EVENTS_WEBHOOK_SECRET_FILE); required when {@link #eventsWebhookUrl} is set.
     */
    Optional<String> eventsWebhookSecret();

    /** File holding {@link #eventsWebhookSecret} (SYNC_EVENTS_WEBHOOK_SECRET_FILE), read by {@link SecretFileValues}. */
    Optional<String> eventsWebhookSecretFile();

    /** Run events waiting for delivery at most; when full the oldest is dropped (SYNC_EVENTS_QUEUE_SIZE). */
    @WithDefault("1000")
    int eventsQueueSize();

    /** Delivery attempts of one run event, the first included (SYNC_EVENTS_MAX_ATTEMPTS). */
    @WithDefault("5")
    int eventsMaxAttempts();

    /** Deadline of one delivery attempt, connection and answer, in seconds (SYNC_EVENTS_TIMEOUT_SECONDS). */
    @WithDefault("5")
    int eventsTimeoutSeconds();

    /** Wait before the second attempt, doubled for each further one up to 30 s (SYNC_EVENTS_RETRY_DELAY_MILLIS). */
    @WithDefault("1000")
    long eventsRetryDelayMillis();

    /** Soft-delete column candidates, first present wins (SYNC_SOFT_DELETE_COLUMNS); empty disables. */
    @WithDefault("deleted_at,is_deleted")
    List<String> softDeleteColumns();

    /** What a soft-deleted row does to its document: {@code remove} it or {@code mark} it with _deleted (SYNC_SOFT_DELETE_MODE). */
    @WithDefault("remove")
    String softDeleteMode();

    /** Run the hard-delete PK reconciliation every N passes of a table; 0 = only on demand (SYNC_RECONCILE_EVERY_RUNS). */
    @WithDefault("10")
    int reconcileEveryRuns();

    /** Conflict policy when a document was edited in MongoDB: newer-wins, source-wins, target-wins (SYNC_CONFLICT_POLICY). */
    @WithDefault("newer-wins")
    String conflictPolicy();

    /** {@link #conflictPolicy} parsed (checked at start-up by {@link EnvironmentValueRules}). */
    default ConflictPolicy conflict() {
        return ConflictPolicy.parse(conflictPolicy());
    }

    /** Target field whose time, newer than the synced version, shows a MongoDB-side edit (SYNC_CONFLICT_FIELD). */
    @WithDefault("updated_at")
    String conflictField();

    /** Reload a table when a column is added, so existing documents get it (SYNC_BACKFILL_ADDED_COLUMNS). */
    @WithDefault("false")
    boolean backfillAddedColumns();

    /**
     * YAML file describing collections, renames, drops, computed fields, type overrides, embedding and validation
     * rules (SYNC_MAPPING_FILE); unset uses the built-in default (classpath {@code mapping/default-mapping.yaml}).
     */
    Optional<String> mappingFile();

    /** Tables (ordered groups of tables) synced at the same time within one run (SYNC_PARALLEL_TABLES), 1..64. */
    @WithDefault("2")
    int parallelTables();

    /** Primary-key ranges an initial load of a large table is split into and loaded at once (SYNC_LOAD_PARTITIONS), 1..64. */
    @WithDefault("2")
    int loadPartitions();

    /**
     * Chunks of a split initial load this replica loads at once (SYNC_LOAD_THREADS), 1..64; unset: as many as
     * SYNC_LOAD_PARTITIONS (one replica loads every chunk at once). Lower it below SYNC_LOAD_PARTITIONS to leave
     * chunks for other replicas.
     */
    java.util.OptionalInt loadThreads();

    /**
     * Row estimate below which an initial load is not split (SYNC_LOAD_PARTITION_MIN_ROWS): on 2 cores one range
     * loaded 100k rows faster than two, 300k as fast, 1M slower.
     */
    @WithDefault("250000")
    long loadPartitionMinRows();

    /**
     * Tables whose edits made in MongoDB are written back to MySQL, updates only (SYNC_REVERSE_TABLES); unset: none.
     * Each must be one of SYNC_TABLES; a collection's {@code reverse:} block in the mapping file also opts in.
     */
    Optional<List<String>> reverseTables();

    /**
     * Document field applications set when they edit a document, polled (indexed, keyset-paged) to find edits to
     * write back (SYNC_REVERSE_CHANGE_FIELD).
     */
    @WithDefault("updated_at")
    String reverseChangeField();

    /**
     * How edits made in MongoDB are found (SYNC_REVERSE_CAPTURE): {@code auto} (change streams when the deployment
     * offers them, else polling), {@code stream} (change streams, start-up stops without them) or {@code polling}.
     */
    @WithDefault("auto")
    String reverseCapture();

    /**
     * Minutes between scheduled repairs of each table (SYNC_REPAIR_INTERVAL_MINUTES), {@value
     * SettingBounds#REPAIR_INTERVAL_MINUTES_RANGE}; 0 (the default) turns them off. A table's own
     * SYNC_&lt;TABLE&gt;_REPAIR_INTERVAL_MINUTES, else the mapping file's {@code repair_interval_minutes:}, wins. See io.mysqlmongosync.engine.ScheduledRepairs.
     */
    @WithDefault("0")
    int repairIntervalMinutes();

    /**
     * Rows one scheduled repair of a table compares at most, and documents it checks for rows that no longer exist
     * at most (SYNC_REPAIR_BUDGET_ROWS), 1..1000000000; the next repair resumes where this one stopped.
     */
    @WithDefault("100000")
    long repairBudgetRows();

    /** The look-back window as a duration. */
    default Duration lookback() {
        return Duration.ofSeconds(lookbackSeconds());
    }
}
