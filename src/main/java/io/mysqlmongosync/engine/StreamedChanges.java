package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.sink.ContentHash;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;

/**
 * The changes of a batch of binlog transactions reduced to the last one per key, in commit order, and written as
 * one page: inserts and updates as documents; hard deletes as SYNC_SOFT_DELETE_MODE says (documents removed, or
 * kept as their last state with {@code _deleted: true} in {@code mark} mode), and the embedded copies of deleted
 * rows taken out of the documents that hold them.
 */
final class StreamedChanges {

    private record Last(SourceRow row, boolean deleted) {
    }

    private final Map<Object, Last> last = new LinkedHashMap<>();
    /** Rows that could not be converted, by key: the last rejection of a key, unless a later change converted. */
    private final Map<String, ChangeBatch.Rejected> rejected = new LinkedHashMap<>(0);
    private final Function<Object, String> keyOf;
    private int size;

    /** Changes of a table whose converted {@code _id}s {@code keyOf} turns into key text (see {@code KeyText}). */
    StreamedChanges(Function<Object, String> keyOf) {
        this.keyOf = keyOf;
    }

    /** Records an insert or update ({@code deleted} false) or a delete (its before image) of one row. */
    void put(SourceRow row, boolean deleted) {
        size++;
        last.remove(row.id()); // keep the order of the last change per key
        last.put(row.id(), new Last(row, deleted));
        if (!rejected.isEmpty()) {
            rejected.remove(keyOf.apply(row.id())); // a later change that converts supersedes the rejected one
        }
    }

    /**
     * Records a row that could not be converted; {@code key} is its key as text. An earlier change of the same key
     * in the batch is still written (the newest state that converted), and the row is recorded as a dead letter.
     */
    void reject(String key, String problem) {
        size++;
        rejected.remove(key);
        rejected.put(key, new ChangeBatch.Rejected(key, problem, 0));
    }

    /** The row changes recorded (every change counts, also those superseded by a later one of the same key). */
    int size() {
        return size;
    }

    /**
     * Writes the changes of {@code table} through {@code writer}; {@code markDeletes} keeps deleted rows' documents
     * marked {@code _deleted: true}, every write under {@code fence}. Returns the rows deleted, whose embedded copies
     * the caller refreshes.
     */
    List<SourceRow> write(PageWriter writer, TableContext table, DocumentBuilder builder, boolean markDeletes,
            Object[] cursor, Counts counts, WriteFence fence) throws Exception {
        List<SourceRow> upserts = new ArrayList<>();
        List<SourceRow> deleted = new ArrayList<>();
        last.values().forEach(l -> (l.deleted() ? deleted : upserts).add(l.row()));
        List<Object> deletes = new ArrayList<>();
        DocumentBuilder using = builder;
        if (markDeletes && !deleted.isEmpty()) {
            Set<Object> ids = new java.util.HashSet<>();
            deleted.forEach(r -> ids.add(r.id()));
            upserts.addAll(deleted);
            using = marking(builder, ids);
        } else {
            deleted.forEach(r -> deletes.add(r.id()));
        }
        // A change superseded by a later one of the same key in the batch is not read again: the page holds the last.
        ChangeBatch batch = new ChangeBatch(upserts, deletes, new ArrayList<>(rejected.values()), upserts.size()
                + deletes.size() + rejected.size(), cursor);
        writer.write(table, using, batch, WriteMode.STREAM, -1, counts, fence);
        return deleted;
    }

    /** {@code builder} with the documents of {@code deletedIds} marked {@code _deleted: true}. */
    private static DocumentBuilder marking(DocumentBuilder builder, Set<Object> deletedIds) {
        return (rows, now) -> {
            List<DocumentBuilder.Built> built = new ArrayList<>(builder.build(rows, now));
            for (int i = 0; i < built.size(); i++) {
                DocumentBuilder.Built b = built.get(i);
                if (b.document() != null && deletedIds.contains(b.document().id())) {
                    built.set(i, new DocumentBuilder.Built(marked(b.document(), now), false, b.problems()));
                } else if (b.document() == null && deletedIds.contains(rows.get(i).id())) {
                    built.set(i, DocumentBuilder.Built.DELETE); // no document to keep (rejected or soft-deleted)
                }
            }
            return built;
        };
    }

    /** {@code d} with {@code _deleted: true} and the hash of its data including the marker. */
    private static TargetDocument marked(TargetDocument d, Date now) {
        Document stored = d.asDocument();
        Document data = io.mysqlmongosync.sink.SyncedDocuments.dataOf(stored);
        data.put("_deleted", true);
        String hash = ContentHash.of(data);
        Document doc = new Document();
        stored.forEach((k, v) -> {
            if (!k.equals("_sync") && !k.equals("_deleted")) {
                doc.put(k, v);
            }
        });
        doc.put("_deleted", true);
        Document sync = stored.get("_sync", Document.class);
        doc.put("_sync", new Document(sync == null ? Map.of() : sync).append("hash", hash).append("synced_at", now));
        return new TargetDocument(d.id(), doc, hash, d.version());
    }
}
