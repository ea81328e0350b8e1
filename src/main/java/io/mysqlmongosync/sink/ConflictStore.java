package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Conflict;
import io.mysqlmongosync.sink.state.ConflictDocument;
import io.mysqlmongosync.sink.state.ConflictRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Records conflicts in {@code _sync_conflicts} ({@link ConflictDocument}), with both versions and both documents,
 * and pages through them.
 */
@ApplicationScoped
public class ConflictStore {

    /** The collection name. */
    public static final String COLLECTION = ConflictDocument.COLLECTION;

    private final ConflictRepository repository;

    ConflictStore(ConflictRepository repository) {
        this.repository = repository;
    }

    /** Records {@code conflicts} of {@code table} resolved under {@code policy}. */
    public void record(String table, String collection, String policy, List<Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        Date now = new Date();
        List<Document> docs = new ArrayList<>(conflicts.size());
        for (Conflict c : conflicts) {
            docs.add(new Document("table", table).append("collection", collection).append("doc_id", c.id())
                    .append("source_version", c.sourceVersion())
                    .append("target_version", c.targetVersion() == Long.MIN_VALUE ? null : c.targetVersion())
                    .append("winner", c.winner()).append("policy", policy)
                    .append("source_document", c.sourceDocument()).append("target_document", c.targetDocument())
                    .append("detected_at", now));
        }
        repository.insert(docs);
    }

    /** Conflicts newest first, optionally of one table. */
    public List<Document> page(String table, int offset, int limit) {
        return repository.page(table, offset, limit);
    }

    /** How many conflicts are recorded, optionally of one table. */
    public long count(String table) {
        return repository.countOf(table);
    }
}
