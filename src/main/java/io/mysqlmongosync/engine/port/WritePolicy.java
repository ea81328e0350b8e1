package io.mysqlmongosync.engine.port;

/**
 * How a page is written.
 *
 * @param conflictField target field whose time, newer than the synced version, shows an edit made in MongoDB
 * @param conflictPolicy who wins such a conflict
 * @param force replace every document regardless of hash and version (repair)
 * @param assumeNew the collection held none of these documents when the load started: skip reading their
 *     stored {@code _sync} fields, write plain inserts (a duplicate key is replaced instead) and count every
 *     document as created
 * @param commitOrder the documents come from a log applied in commit order (binlog): a stored version newer than
 *     the written one is the sync's own earlier write, which the later event supersedes, so only an edit made in
 *     MongoDB (conflict field newer than the synced version) is a conflict
 */
public record WritePolicy(String conflictField, ConflictPolicy conflictPolicy, boolean force, boolean assumeNew,
        boolean commitOrder) {

    /** A policy of a scan (not in commit order). */
    public WritePolicy(String conflictField, ConflictPolicy conflictPolicy, boolean force, boolean assumeNew) {
        this(conflictField, conflictPolicy, force, assumeNew, false);
    }

    /** Who wins when a document was edited in MongoDB after it was synced. */
    public enum ConflictPolicy {
        /** The side with the newer timestamp wins (the default; docs/HOW-IT-WORKS.md: last write wins). */
        NEWER_WINS,
        /** The source row always replaces the document; the conflict is still recorded. */
        SOURCE_WINS,
        /** A document edited in MongoDB is never overwritten by the sync. */
        TARGET_WINS;

        /** Parses {@code newer-wins}, {@code source-wins}, {@code target-wins}. */
        public static ConflictPolicy parse(String value) {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** The default: newer timestamp wins, conflicts seen through {@code updated_at}. */
    public static WritePolicy defaults() {
        return new WritePolicy("updated_at", ConflictPolicy.NEWER_WINS, false, false);
    }

    /** This policy with {@code force} set. */
    public WritePolicy forced() {
        return new WritePolicy(conflictField, conflictPolicy, true, false, commitOrder);
    }

    /** This policy for a fresh load into an empty collection. */
    public WritePolicy assumingNew() {
        return new WritePolicy(conflictField, conflictPolicy, false, true, commitOrder);
    }

    /** This policy for changes applied in commit order (see {@code commitOrder}). */
    public WritePolicy inCommitOrder() {
        return new WritePolicy(conflictField, conflictPolicy, force, assumeNew, true);
    }
}
