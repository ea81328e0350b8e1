package io.mysqlmongosync.sink.reverse;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The documents of a collection edited in MongoDB since the sync wrote them, read by polling: keyset pages over
 * the field applications set when they edit ({@code SYNC_REVERSE_CHANGE_FIELD}, {@code updated_at} by default;
 * index it), in ({@code field}, {@code _id}) order. A document counts as edited when the content hash of its data
 * fields differs from the {@code _sync.hash} the sync stored with it: the same hash the forward direction writes,
 * so a document the sync wrote and nobody touched is never written back. Also writes a document's new version
 * after its edit reached MySQL ({@link #settle}).
 */
@ApplicationScoped
public class EditedDocuments {

    /** Milliseconds a MongoDB read of one page may take. */
    static final long PAGE_MILLIS = 120_000;

    private final TargetDatabase target;

    EditedDocuments(TargetDatabase target) {
        this.target = target;
    }

    /**
     * Opens a scan of {@code collection}'s documents of {@code table} whose {@code changeField} is at or after
     * {@code fromMillis} and at or before {@code toMillis} (the pass's frozen upper bound), {@code pageSize} per
     * batch. Each batch's {@code upserts} are the edited documents (as {@code SourceRow}s: id, the whole stored
     * document, its {@code _sync.version}); {@code after} is {@code [change time in ms, _id]} of its last document.
     */
    public ChangeSource open(String collection, String table, String changeField, long fromMillis, long toMillis,
            int pageSize) {
        return open(collection, table, changeField, fromMillis, toMillis, pageSize, false);
    }

    /**
     * {@link #open(String, String, String, long, long, int)}, with {@code newDocuments} also the documents without
     * {@code _sync} (created in MongoDB by an application) among each batch's upserts, at version 0, in the same
     * keyset order: one position covers both, so a new document is never skipped by an edit's page.
     */
    public ChangeSource open(String collection, String table, String changeField, long fromMillis, long toMillis,
            int pageSize, boolean newDocuments) {
        return new EditScan(this, collection, table, changeField, fromMillis, toMillis, pageSize, newDocuments);
    }

    /** One page after ({@code afterMillis}, {@code afterId}); {@code afterId} null starts at {@code afterMillis}. */
    java.util.List<Document> page(String collection, String table, String field, long afterMillis, Object afterId,
            long toMillis, int limit, boolean newDocuments) {
        Date after = new Date(afterMillis);
        Bson position = afterId == null ? Filters.gte(field, after)
                : Filters.or(Filters.gt(field, after), Filters.and(Filters.eq(field, after), Filters.gt("_id", afterId)));
        Bson owner = newDocuments ? Filters.or(Filters.eq("_sync.table", table), Filters.exists("_sync", false))
                : Filters.eq("_sync.table", table);
        Bson filter = Filters.and(owner, Filters.lte(field, new Date(toMillis)), position);
        return target.collection(collection).find(filter).sort(Sorts.ascending(field, "_id")).limit(limit)
                .maxTime(PAGE_MILLIS, TimeUnit.MILLISECONDS).into(new java.util.ArrayList<>());
    }

    /** Whether {@code stored} was changed in MongoDB after the sync wrote it (its data no longer has its hash). */
    public static boolean edited(Document stored) {
        Document sync = stored.get("_sync", Document.class);
        return sync != null && sync.get("hash") != null
                && !ContentHash.of(SyncedDocuments.dataOf(stored)).equals(sync.getString("hash"));
    }

    /**
     * Replaces the edited document {@code stored} by {@code settled} (the document its row gives now, with its new
     * {@code _sync}), unless it was edited again since it was read (its change field or {@code _sync} moved): then
     * the next pass sees the newer edit. Returns whether it was replaced.
     */
    public boolean settle(String collection, Document stored, String changeField, Document settled) {
        Bson filter = Filters.and(Filters.eq("_id", stored.get("_id")),
                Filters.eq("_sync.hash", stored.get("_sync", Document.class).get("hash")),
                Filters.eq(changeField, stored.get(changeField)));
        return target.collection(collection).replaceOne(filter, settled).getMatchedCount() == 1;
    }

    /** Whether {@code stored} is a new document: created in MongoDB, never written by the sync (no {@code _sync}). */
    public static boolean created(Document stored) {
        return stored.get("_sync") == null;
    }

    /**
     * Replaces the new document {@code stored} (no {@code _sync}) by {@code settled}, the document its inserted row
     * gives, unless it changed since it was read (it got a {@code _sync}, or its change field moved). Returns
     * whether it was replaced.
     */
    public boolean settleCreated(String collection, Document stored, String changeField, Document settled) {
        Bson filter = Filters.and(Filters.eq("_id", stored.get("_id")), Filters.exists("_sync", false),
                Filters.eq(changeField, stored.get(changeField)));
        return target.collection(collection).replaceOne(filter, settled).getMatchedCount() == 1;
    }
}
