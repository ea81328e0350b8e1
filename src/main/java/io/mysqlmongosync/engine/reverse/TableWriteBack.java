package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.port.Conflict;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WritePolicy.ConflictPolicy;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.reverse.EditPlan;
import io.mysqlmongosync.mapping.reverse.ReverseFields;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.source.reverse.RowWriter;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The write-back of one table's edited documents, one at a time. For a document: read its row, build the document
 * the row gives now (the forward direction's builder) and compare field by field: the differences are the edit.
 * When the row is still at the version the document came from ({@code _sync.version}) the edit is written with an
 * UPDATE conditional on that version; otherwise MySQL changed meanwhile and SYNC_CONFLICT_POLICY decides, the
 * conflict recorded in {@code _sync_conflicts} with both sides. After the MySQL commit the document is replaced by
 * the one the row now gives, with the new version and hash in {@code _sync}: the forward pass then finds it
 * unchanged, so an edit is written to MySQL once and never bounced back.
 */
public final class TableWriteBack {

    private static final Logger LOG = Logger.getLogger(TableWriteBack.class);

    private final WriteBack services;
    private final TableContext table;
    private final DocumentBuilder builder;
    private final ReverseFields fields;

    TableWriteBack(WriteBack services, TableContext table, DocumentBuilder builder, ReverseFields fields) {
        this.services = services;
        this.table = table;
        this.builder = builder;
        this.fields = fields;
    }

    /** Writes back the edited document {@code stored}, which the sync last wrote at {@code syncVersion} (µs). */
    public ReverseOutcome apply(Document stored, long syncVersion) throws Exception {
        Object id = stored.get("_id");
        SourceRow row = services.writer.read(table.converter(), id);
        for (int attempt = 0; ; attempt++) {
            if (row == null) {
                LOG.warnf("Table %s, key %s: edited in MongoDB but the row is gone from MySQL; not written back",
                        table.name(), id);
                return ReverseOutcome.MISSING;
            }
            TargetDocument current = WriteBack.build(builder, row);
            if (current == null) {
                return refused(id, "the row's own document breaks the mapping's rules");
            }
            EditPlan plan = EditPlan.of(SyncedDocuments.dataOf(stored), SyncedDocuments.dataOf(current.document()),
                    fields, services.options);
            if (plan.refused()) {
                return refused(id, plan.refusal());
            }
            if (plan.sets().isEmpty()) {
                // Nothing differs but the version fields: only the change field was touched, or the edit is in MySQL
                // already (a pass that stopped between the MySQL commit and settling the document). Never a conflict.
                settle(stored, current);
                return ReverseOutcome.UNCHANGED;
            }
            boolean conflict = row.version() != syncVersion;
            boolean documentWins = !conflict || documentWins(stored, row);
            if (conflict) {
                recordConflict(stored, row, current, documentWins);
            }
            if (!documentWins) {
                settle(stored, current);
                return ReverseOutcome.CONFLICT_KEPT;
            }
            RowWriter.Result r = services.writer.update(table.converter(), id, plan.sets(),
                    conflict ? null : syncVersion, services.options.zone());
            switch (r.status()) {
                case WRITTEN -> {
                    audit(id, plan.fields(), row.version(), r.row().version(), conflict);
                    settle(stored, WriteBack.build(builder, r.row()));
                    return conflict ? ReverseOutcome.CONFLICT_WRITTEN : ReverseOutcome.WRITTEN;
                }
                case REFUSED -> {
                    return refused(id, "field " + String.join("/", plan.fields()) + ": " + r.problem());
                }
                case MISSING -> row = null;
                case CONFLICT -> row = r.row(); // changed between our read and the update: decide again
            }
            if (attempt > 3) {
                throw new IllegalStateException("table " + table.name() + ", key " + id
                        + ": the row keeps changing during its write-back; retried by the next pass");
            }
        }
    }

    /** Whether the document's side wins a conflict with {@code row} under SYNC_CONFLICT_POLICY. */
    private boolean documentWins(Document stored, SourceRow row) {
        ConflictPolicy policy = services.policy;
        return policy == ConflictPolicy.TARGET_WINS
                || (policy == ConflictPolicy.NEWER_WINS && editMicros(stored) > row.version());
    }

    /** The document's edit time in µs: its change field (the µs sibling when there is one), else 0. */
    long editMicros(Document stored) {
        Object micros = stored.get(services.changeField + services.options.microsSuffix());
        if (micros instanceof Long us) {
            Object date = stored.get(services.changeField);
            if (!(date instanceof Date d) || Math.floorDiv(us, 1000L) == d.getTime()) {
                return us;
            }
        }
        return stored.get(services.changeField) instanceof Date d ? d.getTime() * 1000L : 0L;
    }

    private void recordConflict(Document stored, SourceRow row, TargetDocument current, boolean documentWins) {
        services.conflicts.record(table.name(), table.collection(), services.policyName, List.of(new Conflict(
                stored.get("_id"), row.version(), editMicros(stored), documentWins ? "target" : "source",
                current.document(), stored)));
        LOG.infof("Table %s, key %s: edited in MongoDB and in MySQL since the last sync; %s wins (%s)", table.name(),
                stored.get("_id"), documentWins ? "the MongoDB edit" : "the MySQL row", services.policyName);
    }

    private void settle(Document stored, TargetDocument now) {
        if (now != null && !services.documents.settle(table.collection(), stored, services.changeField,
                now.document())) {
            LOG.infof("Table %s, key %s: edited again in MongoDB during its write-back; the next pass writes the newer"
                    + " edit", table.name(), stored.get("_id"));
        }
    }

    private ReverseOutcome refused(Object id, String why) {
        LOG.warnf("Table %s, key %s: edit made in MongoDB not written back, the row is left alone: %s", table.name(),
                id, why);
        return ReverseOutcome.REFUSED;
    }

    /** One audit line per write-back: who (the sync), what (table, key, fields; never values), versions. */
    private void audit(Object id, List<String> changed, long from, long to, boolean conflict) {
        MDC.put("audit", "true");
        MDC.put("action", "reverse-write");
        try {
            LOG.infof("AUDIT reverse-write table=%s key=%s fields=%s version %d -> %d%s", table.name(), id, changed,
                    from, to, conflict ? " (conflict, MongoDB edit won)" : "");
        } finally {
            MDC.remove("audit");
            MDC.remove("action");
        }
    }
}
