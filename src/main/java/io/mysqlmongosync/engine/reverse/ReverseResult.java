package io.mysqlmongosync.engine.reverse;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of one table's reverse pass: documents read (edited or not), and per {@link ReverseOutcome} how many
 * edited documents, and how many new documents (inserts), ended that way.
 *
 * @param table the table
 * @param read documents read from MongoDB by the poll
 * @param outcomes edited documents by outcome
 * @param inserts new documents (created in MongoDB) by outcome: {@code WRITTEN} is a row inserted
 * @param finishedAt when the pass ended
 * @param durationMillis wall time
 */
public record ReverseResult(String table, long read, Map<ReverseOutcome, Long> outcomes,
        Map<ReverseOutcome, Long> inserts, Instant finishedAt, long durationMillis) {

    /** How many edited documents ended with {@code outcome}. */
    public long count(ReverseOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /** How many new documents ended with {@code outcome}. */
    public long inserted(ReverseOutcome outcome) {
        return inserts.getOrDefault(outcome, 0L);
    }

    /** MySQL rows written by edits (with or without a conflict). */
    public long written() {
        return count(ReverseOutcome.WRITTEN) + count(ReverseOutcome.CONFLICT_WRITTEN);
    }

    /** A running tally. */
    static final class Tally {
        long read;
        final Map<ReverseOutcome, Long> outcomes = new EnumMap<>(ReverseOutcome.class);
        final Map<ReverseOutcome, Long> inserts = new EnumMap<>(ReverseOutcome.class);

        void add(ReverseOutcome outcome) {
            outcomes.merge(outcome, 1L, Long::sum);
        }

        void addInsert(ReverseOutcome outcome) {
            inserts.merge(outcome, 1L, Long::sum);
        }

        ReverseResult result(String table, long startNanos) {
            return new ReverseResult(table, read, Map.copyOf(outcomes), Map.copyOf(inserts), Instant.now(),
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
