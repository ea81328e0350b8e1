package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.port.Conflict;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WritePolicy.ConflictPolicy;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.reverse.InsertPlan;
import io.mysqlmongosync.mapping.reverse.ReverseFields;
import io.mysqlmongosync.sink.SyncedDocuments;
import io.mysqlmongosync.source.reverse.RowInserter;
import io.mysqlmongosync.source.reverse.RowWriter;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The inserts of one table's new documents (created in MongoDB, without {@code _sync}), one at a time: plan the row
 * from the document ({@link InsertPlan}: key from {@code _id}, exact values, nothing invented), INSERT it unless a
 * row with that key exists, then replace the document by the one the row gives (with {@code _sync}), so the forward
 * pass finds it unchanged: one new document is one MySQL INSERT and no forward rewrite. A row that exists already
 * holding the same content is this document's own insert from a pass stopped before settling it (or an identical
 * row): only the document is settled. A row with other content is a conflict decided by SYNC_CONFLICT_POLICY and
 * recorded in {@code _sync_conflicts}: the document wins by an UPDATE of the columns it holds, the row wins by
 * replacing the document with the row's.
 */
public final class TableInsertBack {

    private static final Logger LOG = Logger.getLogger(TableInsertBack.class);

    private final WriteBack services;
    private final TableContext table;
    private final DocumentBuilder builder;
    private final ReverseFields fields;
    private final TableWriteBack edits;
    private RowInserter.ColumnRules rules;
    private Optional<String> keyProblem;

    TableInsertBack(WriteBack services, TableContext table, DocumentBuilder builder, ReverseFields fields,
            TableWriteBack edits) {
        this.services = services;
        this.table = table;
        this.builder = builder;
        this.fields = fields;
        this.edits = edits;
    }

    /** Inserts the row of the new document {@code stored}. */
    public ReverseOutcome apply(Document stored) throws Exception {
        Object id = stored.get("_id");
        if (rules == null) {
            keyProblem = services.inserter.unsupportedKey(table.schema());
            rules = services.inserter.rules(table.schema());
        }
        if (keyProblem.isPresent()) {
            return refused(id, "_id: " + keyProblem.get());
        }
        InsertPlan plan = InsertPlan.of(id, SyncedDocuments.dataOf(stored), fields, table.schema(), rules.required(),
                rules.generated(), services.options);
        if (plan.refused()) {
            return refused(id, plan.refusal());
        }
        for (int attempt = 0; attempt <= 3; attempt++) {
            RowWriter.Result r = services.inserter.insert(table.converter(), id, plan.values());
            switch (r.status()) {
                case WRITTEN -> {
                    audit(id, plan.fields(), r.row().version(), false);
                    settle(stored, WriteBack.build(builder, r.row()));
                    return ReverseOutcome.WRITTEN;
                }
                case REFUSED -> {
                    return refused(id, r.problem());
                }
                case CONFLICT -> {
                    ReverseOutcome o = existing(stored, plan, r.row(), 0);
                    if (o != null) {
                        return o;
                    }
                }
                case MISSING -> {
                    // not returned by an insert
                }
            }
        }
        throw new IllegalStateException("table " + table.name() + ", key " + id
                + ": the row keeps appearing and disappearing during the insert; retried by the next pass");
    }

    /** The key exists already as {@code row}: settle, or decide the conflict. Null when the row went meanwhile. */
    private ReverseOutcome existing(Document stored, InsertPlan plan, SourceRow row, int attempt) throws Exception {
        Object id = stored.get("_id");
        TargetDocument current = WriteBack.build(builder, row);
        if (current == null) {
            return refused(id, "the existing row's own document breaks the mapping's rules");
        }
        if (plan.sameAs(id, SyncedDocuments.dataOf(current.document()), fields, table.schema(), services.options)) {
            // This document's own insert (a pass stopped between the MySQL commit and settling it), or an equal row.
            settle(stored, current);
            return ReverseOutcome.UNCHANGED;
        }
        long edited = edits.editMicros(stored);
        ConflictPolicy policy = services.policy;
        boolean documentWins = policy == ConflictPolicy.TARGET_WINS
                || (policy == ConflictPolicy.NEWER_WINS && edited > row.version());
        if (!documentWins) {
            record(stored, row, current, false);
            settle(stored, current);
            return ReverseOutcome.CONFLICT_KEPT;
        }
        RowWriter.Result r = services.writer.update(table.converter(), id, plan.nonKeyValues(table.schema()),
                row.version(), services.options.zone());
        switch (r.status()) {
            case WRITTEN -> {
                record(stored, row, current, true);
                audit(id, plan.fields(), r.row().version(), true);
                settle(stored, WriteBack.build(builder, r.row()));
                return ReverseOutcome.CONFLICT_WRITTEN;
            }
            case REFUSED -> {
                return refused(id, r.problem());
            }
            case CONFLICT -> {
                if (attempt > 3) {
                    throw new IllegalStateException("table " + table.name() + ", key " + id
                            + ": the row keeps changing during the insert; retried by the next pass");
                }
                return existing(stored, plan, r.row(), attempt + 1); // the row changed since it was read
            }
            default -> {
                return null; // the row is gone: insert again
            }
        }
    }

    private void record(Document stored, SourceRow row, TargetDocument current, boolean documentWins) {
        services.conflicts.record(table.name(), table.collection(), services.policyName, List.of(new Conflict(
                stored.get("_id"), row.version(), edits.editMicros(stored), documentWins ? "target" : "source",
                current.document(), stored)));
        LOG.infof("Table %s, key %s: created in MongoDB but a row with that key exists in MySQL; %s wins (%s)",
                table.name(), key(stored.get("_id")), documentWins ? "the MongoDB document" : "the MySQL row",
                services.policyName);
    }

    private void settle(Document stored, TargetDocument now) {
        if (now == null) {
            LOG.warnf("Table %s, key %s: the inserted row's document breaks the mapping's rules (validation or soft"
                    + " delete); the document is left as it was", table.name(), key(stored.get("_id")));
        } else if (!services.documents.settleCreated(table.collection(), stored, services.changeField,
                now.document())) {
            LOG.infof("Table %s, key %s: changed in MongoDB during its insert; the next pass compares it with the"
                    + " row", table.name(), key(stored.get("_id")));
        }
    }

    /** A key for logs: the value, or a composite key's JSON ({@code {"order_id": 7, "line_no": 2}}). */
    private static Object key(Object id) {
        return id instanceof Document d ? d.toJson() : id;
    }

    private ReverseOutcome refused(Object id, String why) {
        LOG.warnf("Table %s, key %s: document created in MongoDB not inserted, MySQL is left alone: %s", table.name(),
                key(id), why);
        return ReverseOutcome.REFUSED;
    }

    /** One audit line per insert: who (the sync), what (table, key, fields; never values), the row's version. */
    private void audit(Object id, List<String> written, long version, boolean conflict) {
        MDC.put("audit", "true");
        MDC.put("action", "reverse-insert");
        try {
            LOG.infof("AUDIT reverse-insert table=%s key=%s fields=%s version %d%s", table.name(), key(id), written,
                    version, conflict ? " (the key existed: conflict, MongoDB document won, row updated)" : "");
        } finally {
            MDC.remove("audit");
            MDC.remove("action");
        }
    }
}
