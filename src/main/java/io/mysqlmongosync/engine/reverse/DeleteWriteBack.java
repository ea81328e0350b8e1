package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.TimestampCapture;
import io.mysqlmongosync.engine.port.Conflict;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WritePolicy.ConflictPolicy;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.sink.reverse.ReverseEvent;
import io.mysqlmongosync.source.reverse.RowWriter;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Writes one table's documents deleted in MongoDB back as MySQL DELETEs (mapping file {@code reverse: {deletes:
 * true}}; change streams only: a poll cannot see a document that is gone).
 *
 * <p>A delete is conditional on the row still being at the version the deleted document came from. A delete event
 * carries only the key, so that version is found this way: (1) the pre-image's {@code _sync.version} when the server
 * keeps pre-images (MongoDB 6+ with {@code changeStreamPreAndPostImages} on the collection): exact; (2) otherwise the
 * {@code _sync.version} of the document as the stream last saw it (the stream sees every write, the forward direction's
 * and the write-back's own, and keeps the latest version of recently written keys in memory): the row counts as synced
 * when it is at that version; (3) else, or when it is not, the row counts as synced into the document when its version
 * is not after the delete (a row changed after the delete certainly was not) and, for a table captured by {@code
 * timestamp}, is not after the forward direction's change cursor: every row up to the cursor (the last change time
 * written; a row of the same microsecond after the cursor's key is the one imprecision) was written to MongoDB at its
 * current version, and one written after the delete would have re-created the document (checked first: a document that
 * exists again supersedes the delete). The cursor is read before that check, so a forward write racing with it is seen
 * either as the cursor (not moved yet: the row counts as unsynced) or as the re-created document. With another capture
 * mode and no pre-image, a MySQL change made shortly before the delete and not yet synced is not seen as a conflict;
 * the delete is still conditional on the version read.
 *
 * <p>A row not synced into the document is a conflict decided by SYNC_CONFLICT_POLICY and recorded with both sides
 * in {@code _sync_conflicts}: {@code newer-wins} deletes when the delete is later than the row's change, else keeps
 * the row; {@code source-wins} keeps the row; {@code target-wins} deletes anyway. A kept row's document is put back
 * at once (the forward direction may not re-read an unchanged row). A replayed delete finds the row gone and does
 * nothing, so a restart never applies a delete twice.
 */
public final class DeleteWriteBack {

    private static final Logger LOG = Logger.getLogger(DeleteWriteBack.class);

    private final DeleteBack services;
    private final TableContext table;
    private final DocumentBuilder builder;

    DeleteWriteBack(DeleteBack services, TableContext table, DocumentBuilder builder) {
        this.services = services;
        this.table = table;
        this.builder = builder;
    }

    /**
     * Writes back the delete {@code event}; {@code seenVersion} is the document's {@code _sync.version} as the
     * stream last saw it, or null. Null when there was nothing to do (the row is gone already).
     */
    public ReverseOutcome apply(ReverseEvent event, Long seenVersion) throws Exception {
        Object id = event.id();
        Long cursor = forwardCursorMicros(); // before the existence check: see the class comment
        if (services.deleted.exists(table.collection(), id)) {
            return ReverseOutcome.UNCHANGED; // re-created since (a newer row, or re-inserted): the delete is superseded
        }
        RowWriter.Result r;
        SourceRow row = services.reader.read(table.converter(), id);
        Long preVersion = syncVersion(event.before());
        long deletedAt = event.atMillis() * 1000L;
        for (int attempt = 0; ; attempt++) {
            if (row == null) {
                return null; // the forward direction's own delete, or a replay of one written already
            }
            boolean synced = preVersion != null ? row.version() == preVersion
                    : (seenVersion != null && row.version() == seenVersion)
                            || (row.version() <= deletedAt && (cursor == null || row.version() <= cursor));
            boolean deleteWins = synced || deleteWins(row, deletedAt);
            if (!synced) {
                recordConflict(event, row, deleteWins);
            }
            if (!deleteWins) {
                TargetDocument current = WriteBack.build(builder, row);
                if (current != null) {
                    services.deleted.restore(table.collection(), current.document());
                }
                return ReverseOutcome.CONFLICT_KEPT;
            }
            r = services.deleter.delete(table.converter(), id, synced ? row.version() : null,
                    services.zone);
            switch (r.status()) {
                case WRITTEN -> {
                    audit(id, row.version(), !synced);
                    return synced ? ReverseOutcome.DELETED : ReverseOutcome.CONFLICT_DELETED;
                }
                case MISSING -> row = null;
                default -> row = r.row(); // changed between our read and the delete: decide again
            }
            if (attempt > 3) {
                throw new IllegalStateException("table " + table.name() + ", key " + id
                        + ": the row keeps changing while its delete is written back; retried from the stream");
            }
        }
    }

    /** Whether the delete wins a conflict with {@code row} under SYNC_CONFLICT_POLICY. */
    private boolean deleteWins(SourceRow row, long deletedAtMicros) {
        ConflictPolicy policy = services.policy;
        return policy == ConflictPolicy.TARGET_WINS
                || (policy == ConflictPolicy.NEWER_WINS && deletedAtMicros > row.version());
    }

    /** The forward change cursor in µs for a {@code timestamp} table past its first load, else null. */
    private Long forwardCursorMicros() {
        if (!TimestampCapture.NAME.equals(table.captureMode())) {
            return null;
        }
        TableCheckpoint cp = services.checkpoints.load(table.name()).orElse(null);
        if (cp == null || cp.phase() != TableCheckpoint.Phase.INCREMENTAL || cp.cursor() == null
                || cp.cursor().length == 0 || !(cp.cursor()[0] instanceof String time)) {
            return null;
        }
        return TypeConverter.epochMicros(time, services.zone);
    }

    private static Long syncVersion(Document before) {
        Document sync = before == null ? null : before.get("_sync", Document.class);
        return sync != null && sync.get("version") instanceof Number n ? n.longValue() : null;
    }

    private void recordConflict(ReverseEvent event, SourceRow row, boolean deleteWins) throws Exception {
        TargetDocument current = WriteBack.build(builder, row);
        Document deleted = event.before() != null ? event.before()
                : new Document("_id", event.id()).append("_deleted_at", new Date(event.atMillis()));
        services.conflicts.record(table.name(), table.collection(), services.policyName,
                List.of(new Conflict(event.id(), row.version(), event.atMillis() * 1000L,
                        deleteWins ? "target" : "source", current == null ? null : current.document(), deleted)));
        LOG.infof("Table %s, key %s: deleted in MongoDB but changed in MySQL since the last sync; %s wins (%s)",
                table.name(), event.id(), deleteWins ? "the delete" : "the MySQL row", services.policyName);
    }

    /** One audit line per delete written back: table, key, the version deleted; never values. */
    private void audit(Object id, long version, boolean conflict) {
        MDC.put("audit", "true");
        MDC.put("action", "reverse-delete");
        try {
            LOG.infof("AUDIT reverse-delete table=%s key=%s version %d%s", table.name(), id, version,
                    conflict ? " (conflict, MongoDB delete won)" : "");
        } finally {
            MDC.remove("audit");
            MDC.remove("action");
        }
    }
}
