package io.mysqlmongosync.engine.reverse;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of one table's reverse pass: documents read (edited or not), and per {@link ReverseOutcome} how many
 * edited documents ended that way.
 *
 * @param table the table
 * @param read documents read from MongoDB by the poll
 * @param outcomes edited documents by outcome
 * @param finishedAt when the pass ended
 * @param durationMillis wall time
 */
public record ReverseResult(String table, long read, Map<ReverseOutcome, Long> outcomes, Instant finishedAt,
        long durationMillis) {

    /** How many edited documents ended with {@code outcome}. */
    public long count(ReverseOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /** MySQL rows written (with or without a conflict). */
    public long written() {
        return count(ReverseOutcome.WRITTEN) + count(ReverseOutcome.CONFLICT_WRITTEN);
    }

    /** A running tally. */
    static final class Tally {
        long read;
        final Map<ReverseOutcome, Long> outcomes = new EnumMap<>(ReverseOutcome.class);

        void add(ReverseOutcome outcome) {
            outcomes.merge(outcome, 1L, Long::sum);
        }

        ReverseResult result(String table, long startNanos) {
            return new ReverseResult(table, read, Map.copyOf(outcomes), Instant.now(),
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
