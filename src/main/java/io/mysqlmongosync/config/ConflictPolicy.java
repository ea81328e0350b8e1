package io.mysqlmongosync.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Who wins when a document was edited in MongoDB after it was synced (SYNC_CONFLICT_POLICY): the one parser of the
 * setting and its spelling ({@link #wire()}, as set and as {@code _sync_conflicts} records it).
 */
public enum ConflictPolicy {
    /** The side with the newer timestamp wins (the default; docs/HOW-IT-WORKS.md: last write wins). */
    NEWER_WINS("newer-wins"),
    /** The source row always replaces the document; the conflict is still recorded. */
    SOURCE_WINS("source-wins"),
    /** A document edited in MongoDB is never overwritten by the sync. */
    TARGET_WINS("target-wins");

    private final String wire;

    ConflictPolicy(String wire) {
        this.wire = wire;
    }

    /** The policy as set and recorded, e.g. {@code newer-wins}. */
    public String wire() {
        return wire;
    }

    /** The accepted spellings, in declaration order: {@code newer-wins, source-wins, target-wins}. */
    public static List<String> accepted() {
        return Arrays.stream(values()).map(ConflictPolicy::wire).toList();
    }

    /**
     * The policy spelt {@code value}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code value} is none of them
     */
    public static ConflictPolicy parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ConflictPolicy p : values()) {
            if (p.wire.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("conflict policy '" + value + "' must be one of "
                + String.join(", ", accepted()));
    }
}
