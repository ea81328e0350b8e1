package io.mysqlmongosync.engine;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Takes rows deleted in MySQL (as the binlog reports them, with their last values) out of the documents that embed
 * them, at once instead of at the next reconciliation: type many re-reads the children of their parents (through
 * {@link Embedder#refresh}, which finds the deleted row gone), type one clears the copy in every document that
 * references the row.
 */
@ApplicationScoped
class EmbeddedDeletes {

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final Embedder embedder;
    private final TableCatalog catalog;
    private final TargetDatabase target;

    EmbeddedDeletes(Embedder embedder, TableCatalog catalog, TargetDatabase target) {
        this.embedder = embedder;
        this.catalog = catalog;
        this.target = target;
    }

    /** Refreshes the documents that hold copies of {@code deleted} rows of {@code source}; returns how many changed. */
    long refresh(TableContext source, List<SourceRow> deleted) throws SQLException {
        // type many: the parents' children are read again; type one: the copy is the row's last state, unchanged
        long changed = embedder.refresh(source, deleted);
        for (Relationship r : source.feeds()) {
            if (!r.many()) {
                changed += clear(r, deleted);
            }
        }
        return changed;
    }

    private long clear(Relationship r, List<SourceRow> deleted) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (SourceRow row : deleted) {
            Object key = row.document().get(r.key());
            if (key != null) {
                writes.add(new UpdateManyModel<>(Filters.and(Filters.eq(r.localField(), key), Filters.ne(r.as(), null)),
                        Updates.combine(Updates.set(r.as(), null), Updates.unset("_sync.hash"))));
            }
        }
        if (writes.isEmpty()) {
            return 0;
        }
        String collection = catalog.table(r.parent()).map(TableContext::collection).orElse(r.parent());
        return target.collection(collection).bulkWrite(writes, UNORDERED).getModifiedCount();
    }
}
