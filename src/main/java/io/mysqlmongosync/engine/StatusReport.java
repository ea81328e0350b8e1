package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Dependencies;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the sync stands, as {@link StatusService} assembles it: the schedule, the run in progress, the last run and
 * every configured table.
 *
 * @param state the overall state: RUNNING, DEGRADED, FAILED or PAUSED (see {@link StatusService#overallState})
 * @param control the shared control state
 * @param active the run or verification in progress on this replica, or null
 * @param lastRun the last finished run of this replica, or null
 * @param tables each configured table, in configured order
 * @param replica this replica's lease owner id
 * @param verification the latest verification or repair of this replica, or null
 * @param successRate percent of the last day's finished runs that succeeded, or null when none finished
 * @param dependencies MySQL and MongoDB as their connection checks see them, in report order
 */
public record StatusReport(String state, ControlState control, ActiveRun active, RunResult lastRun,
        Map<String, Table> tables, String replica, VerificationRun verification, Double successRate,
        Map<String, Dependencies.State> dependencies) {

    /** The tables whose latest pass succeeded. */
    public List<String> synced() {
        return tables.entrySet().stream()
                .filter(e -> e.getValue().last() != null && e.getValue().last().result().succeeded())
                .map(Map.Entry::getKey).toList();
    }

    /**
     * One table.
     *
     * @param collection its collection
     * @param state idle, queued, loading, syncing, streaming, blocked, failed or down (MySQL or MongoDB refuses the
     *     sync or does not answer)
     * @param phase not_started, initial, incremental or full
     * @param cursor the change cursor, or the load position during an initial load; null before the first pass
     * @param documents documents in its collection (estimate)
     * @param progress 0..1 while loading, else null
     * @param etaSeconds the estimated seconds left while loading, else null
     * @param lagSeconds how far behind the source it is, or null when not known
     * @param last its latest pass, or null
     * @param lastError why its latest pass failed or why it is blocked, or null
     * @param lastSuccessAt when its last pass succeeded, or null
     * @param leaseHolder the replica holding its lease, or null
     * @param capture how its changes are captured (mode, binlog stream state and position), or null when the table
     *     is not discovered
     * @param lease its lease document as stored (live or not), or null before its first lease
     * @param chunks the chunks of its split initial load while one is planned and not handed over, else null
     * @param reconcileProblem why its hard deletes cannot be reconciled (a key that cannot be looked up in MySQL,
     *     named with its table and column: {@link Reconciler#problem}), or null
     */
    public record Table(String collection, String state, String phase, List<Object> cursor, long documents,
            Double progress, Long etaSeconds, Double lagSeconds, SyncController.LastTableResult last,
            String lastError, Instant lastSuccessAt, String leaseHolder, CaptureStatus capture, LeaseInfo lease,
            List<ChunkInfo> chunks, String reconcileProblem) {

        /** A table with lease details and no reconciliation problem. */
        public Table(String collection, String state, String phase, List<Object> cursor, long documents,
                Double progress, Long etaSeconds, Double lagSeconds, SyncController.LastTableResult last,
                String lastError, Instant lastSuccessAt, String leaseHolder, CaptureStatus capture, LeaseInfo lease,
                List<ChunkInfo> chunks) {
            this(collection, state, phase, cursor, documents, progress, etaSeconds, lagSeconds, last, lastError,
                    lastSuccessAt, leaseHolder, capture, lease, chunks, null);
        }

        /** A table without lease details. */
        public Table(String collection, String state, String phase, List<Object> cursor, long documents,
                Double progress, Long etaSeconds, Double lagSeconds, SyncController.LastTableResult last,
                String lastError, Instant lastSuccessAt, String leaseHolder, CaptureStatus capture) {
            this(collection, state, phase, cursor, documents, progress, etaSeconds, lagSeconds, last, lastError,
                    lastSuccessAt, leaseHolder, capture, null, null);
        }

        /** This table with its lease and chunks. */
        public Table withLeases(LeaseInfo lease, List<ChunkInfo> chunks) {
            return new Table(collection, state, phase, cursor, documents, progress, etaSeconds, lagSeconds, last,
                    lastError, lastSuccessAt, leaseHolder, capture, lease, chunks, reconcileProblem);
        }

        /** This table with {@code problem} as its reconciliation problem. */
        public Table withReconcileProblem(String problem) {
            return new Table(collection, state, phase, cursor, documents, progress, etaSeconds, lagSeconds, last,
                    lastError, lastSuccessAt, leaseHolder, capture, lease, chunks, problem);
        }
    }

    /**
     * A lease document of {@code _sync_leases} (a table's or a chunk's).
     *
     * @param owner the replica that holds or last held it
     * @param epoch its fencing token
     * @param expiresAt when it runs out unless renewed
     * @param live whether it had not run out when read
     */
    public record LeaseInfo(String owner, long epoch, Instant expiresAt, boolean live) {
    }

    /**
     * One chunk of a split initial load.
     *
     * @param index its number ({@code <table>#r<index>} is its lease id)
     * @param lower inclusive lower bound of the leading key column, or null for none
     * @param upper exclusive upper bound, or null for none
     * @param done whether it is loaded completely
     * @param position the last key stored for it, or null before its first page
     * @param owner the replica that last claimed it, or null
     * @param lease its lease, or null before anybody took it
     */
    public record ChunkInfo(int index, Long lower, Long upper, boolean done, List<Object> position, String owner,
            LeaseInfo lease) {
    }
}
