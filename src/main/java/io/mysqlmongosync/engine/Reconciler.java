package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.source.KeyLookup;
import io.mysqlmongosync.sink.SyncedDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Finds documents whose rows were hard-deleted: walks the table's documents in {@code _id} order one chunk at a
 * time and asks MySQL which of the chunk's keys still exist. Memory is one chunk, whatever the table size.
 * Only documents the sync wrote for this table ({@code _sync.table}) are ever considered. The documents are walked
 * and deleted through {@link SyncedDocuments}, the keys looked up through {@link KeyLookup}.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final SyncedDocuments documents;
    private final KeyLookup keys;
    private final SyncConfig config;
    private final TypeConverter converter;
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Reconciler(SyncedDocuments documents, KeyLookup keys, SyncConfig config) {
        this.documents = documents;
        this.keys = keys;
        this.config = config;
        this.converter = new TypeConverter(TypeOptions.from(config));
    }

    /** Receives each chunk of ids (of extra documents, or of all documents walked). */
    @FunctionalInterface
    public interface ExtraSink {
        /** Handles one chunk. */
        void accept(List<Object> extra) throws SQLException;
    }

    /**
     * Why the keys of {@code table} cannot be looked up in MySQL exactly (naming the table, the key column and its
     * type), or empty when they can: see {@link KeyLookup#lookupProblem}. Such a table is not reconciled and its
     * extra documents are not verified; {@code GET /sync/status} shows this text as the table's
     * {@code reconcile_problem}.
     */
    public Optional<String> problem(TableContext table) {
        return keys.lookupProblem(table.schema(), converter.options());
    }

    /**
     * Streams the extra ids of {@code table} to {@code sink}; returns how many there were, or -1 when the table's
     * key cannot be looked up exactly ({@link #problem}: then nothing is reported, so nothing is deleted).
     */
    public long scan(TableContext table, ExtraSink sink) throws SQLException {
        return scan(table, true, sink);
    }

    /**
     * As {@link #scan(TableContext, ExtraSink)}; with {@code onlyOurs} false every document of the collection is
     * checked, also those the sync did not write (verification reports them as extra).
     */
    public long scan(TableContext table, boolean onlyOurs, ExtraSink sink) throws SQLException {
        Optional<String> unsupported = problem(table);
        if (unsupported.isPresent()) {
            if (warned.add(table.name())) { // shown in /sync/status for good; logged once per process
                LOG.warnf("Hard-delete reconciliation and verification of extra documents skipped: %s",
                        unsupported.get());
            }
            return -1;
        }
        long[] extra = {0};
        forEachIdChunk(table.collection(), onlyOurs ? table.name() : null, ids -> {
            Set<Object> existing = keys.existing(table.schema(), converter, ids);
            List<Object> gone = ids.stream().filter(id -> !existing.contains(id)).toList();
            if (!gone.isEmpty()) {
                sink.accept(gone);
                extra[0] += gone.size();
            }
        });
        return extra[0];
    }

    /**
     * The ids of {@code ids} (documents of {@code table}'s collection) whose rows do not exist in MySQL; call only
     * when {@link #problem} is empty.
     */
    public List<Object> gone(TableContext table, List<Object> ids) throws SQLException {
        Set<Object> existing = keys.existing(table.schema(), converter, ids);
        return ids.stream().filter(id -> !existing.contains(id)).toList();
    }

    /**
     * Walks the {@code _id}s of the documents of {@code collection} that the sync wrote for {@code syncTable} (every
     * document when null) in {@code _id} order, one chunk of SYNC_BATCH_SIZE at a time (memory is one chunk, whatever
     * the collection size).
     */
    public void forEachIdChunk(String collection, String syncTable, ExtraSink chunks) throws SQLException {
        documents.forEachIdChunk(collection, syncTable, config.batchSize(), chunks::accept);
    }

    /** Deletes the documents of {@code table} whose rows are gone; returns how many, or -1 when not possible. */
    public long deleteOrphans(TableContext table) throws SQLException {
        long n = scan(table, gone -> documents.delete(table.collection(), gone));
        if (n > 0) {
            LOG.infof("Table %s: %d documents removed whose rows were deleted in MySQL", table.name(), n);
        }
        return n;
    }
}
