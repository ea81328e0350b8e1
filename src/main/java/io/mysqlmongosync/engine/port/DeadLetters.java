package io.mysqlmongosync.engine.port;

import java.util.Collection;
import java.util.List;

/**
 * Where the rows that cannot become documents are recorded (dead letters): a value that cannot be converted, a
 * row its validation rules reject, or a document larger than the target accepts. Such a row is skipped, so one bad
 * row never stops its table; it is recorded once per table and key (a repeat updates the entry) and its entry is
 * removed when the row is written later (fixed at the source).
 *
 * <p>Implementation: {@code sink/DeadLetterStore} ({@code _sync_dead_letters} in the target database).
 */
public interface DeadLetters {

    /** Why a row was skipped: its value could not be converted. */
    String CONVERSION = "conversion";
    /** Why a row was skipped: it broke a validation rule with {@code on_invalid: skip}. */
    String VALIDATION = "validation";
    /** Why a row was skipped: its document is larger than MongoDB's 16 MB limit. */
    String TOO_LARGE = "too_large";

    /**
     * One skipped row.
     *
     * @param key its primary key as text ({@code id=42}; see {@code mapping/KeyText})
     * @param reason {@link #CONVERSION}, {@link #VALIDATION} or {@link #TOO_LARGE}
     * @param problem what is wrong, as logged
     * @param documentId the {@code _id} its document would have, or null when the row could not be converted
     */
    record Letter(String key, String reason, String problem, Object documentId) {
    }

    /** Records {@code letters} of {@code table}, met while {@code mode} ({@code load}, {@code scan}, {@code stream}). */
    void record(String table, String mode, List<Letter> letters);

    /** Whether {@code table} may have entries: a cheap check, so a writer only looks for keys to resolve then. */
    boolean any(String table);

    /** Removes the entries of {@code table} whose keys are among {@code keys} (rows written now); returns how many. */
    long resolve(String table, Collection<String> keys);
}
