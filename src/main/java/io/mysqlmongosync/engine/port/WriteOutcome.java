package io.mysqlmongosync.engine.port;

import java.util.ArrayList;
import java.util.List;

/**
 * What one bulk write did.
 *
 * @param created documents inserted
 * @param updated documents replaced because the row changed
 * @param unchanged rows whose document already had the same content (no write)
 * @param conflict rows in conflict with a MongoDB-side change or a newer target version (see {@code conflicts})
 * @param deleted documents removed (soft-deleted rows)
 * @param conflicts the conflicts, to be recorded
 */
public record WriteOutcome(int created, int updated, int unchanged, int conflict, int deleted, List<Conflict> conflicts) {

    /** Nothing written. */
    public static final WriteOutcome NONE = new WriteOutcome(0, 0, 0, 0, 0, List.of());

    /** The sum of two outcomes. */
    public WriteOutcome plus(WriteOutcome o) {
        List<Conflict> all = new ArrayList<>(conflicts);
        all.addAll(o.conflicts);
        return new WriteOutcome(created + o.created, updated + o.updated, unchanged + o.unchanged,
                conflict + o.conflict, deleted + o.deleted, all);
    }
}
