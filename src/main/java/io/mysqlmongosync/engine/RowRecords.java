package io.mysqlmongosync.engine;

import io.mysqlmongosync.sink.ConflictStore;
import io.mysqlmongosync.sink.DeadLetterStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.bson.Document;

/** The rows the sync recorded instead of simply writing them: conflicts and dead letters, page by page. */
@ApplicationScoped
public class RowRecords {

    private final ConflictStore conflicts;
    private final DeadLetterStore deadLetters;

    RowRecords(ConflictStore conflicts, DeadLetterStore deadLetters) {
        this.conflicts = conflicts;
        this.deadLetters = deadLetters;
    }

    /** Conflicts newest first, optionally ({@code table} null: all) of one table. */
    public List<Document> conflicts(String table, int offset, int limit) {
        return conflicts.page(table, offset, limit);
    }

    /** How many conflicts are recorded, optionally of one table. */
    public long conflictCount(String table) {
        return conflicts.count(table);
    }

    /** Dead letters, the most recently met first, optionally of one table. */
    public List<Document> deadLetters(String table, int offset, int limit) {
        return deadLetters.page(table, offset, limit);
    }

    /** How many dead letters there are, optionally of one table. */
    public long deadLetterCount(String table) {
        return deadLetters.count(table);
    }
}
