package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.sink.EmbeddedCopies;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes rows deleted in MySQL (as the binlog reports them, with their last values) out of the documents that embed
 * them, at once instead of at the next reconciliation: type many re-reads the children of their parents (through
 * {@link Embedder#refresh}, which finds the deleted row gone: it reads the rows as the binlog shows them), type
 * one clears the copy in every document that references the row.
 */
@ApplicationScoped
class EmbeddedDeletes {

    private final Embedder embedder;
    private final TableCatalog catalog;
    private final EmbeddedCopies copies;

    EmbeddedDeletes(Embedder embedder, TableCatalog catalog, EmbeddedCopies copies) {
        this.embedder = embedder;
        this.catalog = catalog;
        this.copies = copies;
    }

    /** Refreshes the documents that hold copies of {@code deleted} rows of {@code source}; returns how many changed. */
    long refresh(TableContext source, List<SourceRow> deleted, WriteFence fence) throws SQLException {
        // type many: the parents' children are read again; type one: the copy is the row's last state, unchanged
        long changed = embedder.refresh(source, deleted, WriteMode.STREAM.relatedRead(), fence);
        for (Relationship r : source.feeds()) {
            if (!r.many()) {
                changed += clear(r, deleted, fence);
            }
        }
        return changed;
    }

    private long clear(Relationship r, List<SourceRow> deleted, WriteFence fence) {
        List<Object> keys = new ArrayList<>();
        for (SourceRow row : deleted) {
            Object key = row.document().get(r.key());
            if (key != null) {
                keys.add(key);
            }
        }
        String collection = catalog.table(r.parent()).map(TableContext::collection).orElse(r.parent());
        return copies.clear(collection, r.localField(), r.as(), keys, fence);
    }
}
