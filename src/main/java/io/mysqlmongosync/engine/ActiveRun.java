package io.mysqlmongosync.engine;

import java.time.Instant;
import java.util.List;

/**
 * What holds this replica's one run slot ({@link RunSlot}): a sync run or a verification.
 *
 * @param id the run (or verification) id
 * @param trigger {@code scheduled}, {@code manual}, {@code verify} or {@code repair}
 * @param startedAt when it took the slot
 * @param tables the tables it covers
 */
public record ActiveRun(String id, String trigger, Instant startedAt, List<String> tables) {

    /** Whether this is a verification or repair rather than a sync run. */
    public boolean verification() {
        return "verify".equals(trigger) || "repair".equals(trigger);
    }
}
