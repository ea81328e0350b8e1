package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.DocumentBuilders;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WritePolicy.ConflictPolicy;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.mapping.reverse.ReverseFields;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.sink.ConflictStore;
import io.mysqlmongosync.sink.reverse.EditedDocuments;
import io.mysqlmongosync.source.reverse.RowInserter;
import io.mysqlmongosync.source.reverse.RowWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;

/**
 * Writes single edited documents back to their rows (see {@link TableWriteBack}) and new documents into new rows
 * (see {@link TableInsertBack}): holds the services a table's write-back needs and prepares one of each per table
 * pass.
 */
@ApplicationScoped
public class WriteBack {

    final RowWriter writer;
    final RowInserter inserter;
    final EditedDocuments documents;
    final ConflictStore conflicts;
    final TypeOptions options;
    final ConflictPolicy policy;
    final String policyName;
    final String changeField;
    private final DocumentBuilders builders;
    private final FieldProtector protector;

    WriteBack(RowWriter writer, RowInserter inserter, EditedDocuments documents, ConflictStore conflicts,
            DocumentBuilders builders, FieldProtector protector, SyncConfig config) {
        this.writer = writer;
        this.inserter = inserter;
        this.documents = documents;
        this.conflicts = conflicts;
        this.builders = builders;
        this.protector = protector;
        this.options = TypeOptions.from(config);
        this.policyName = config.conflictPolicy().trim().toLowerCase(java.util.Locale.ROOT);
        this.policy = ConflictPolicy.parse(config.conflictPolicy());
        this.changeField = config.reverseChangeField();
    }

    /** The write-back of {@code table} for one pass. */
    public TableWriteBack prepare(TableContext table) {
        return new TableWriteBack(this, table, builders.forTable(table), fields(table));
    }

    /** The inserts of {@code table}'s new documents for one pass; {@code edits} is the pass's write-back of edits. */
    public TableInsertBack prepareInserts(TableContext table, TableWriteBack edits) {
        return new TableInsertBack(this, table, builders.forTable(table), fields(table), edits);
    }

    private ReverseFields fields(TableContext table) {
        List<String> embedded = table.embeds().stream().map(Relationship::as).toList();
        return new ReverseFields(table.schema(), table.mapper(), options, protector.protectedColumns(table.name()),
                embedded);
    }

    /** The document {@code row} gives now (with its {@code _sync}), or null when the row breaks the mapping's rules. */
    static TargetDocument build(DocumentBuilder builder, SourceRow row) throws Exception {
        DocumentBuilder.Built built = builder.build(List.of(row), new Date()).get(0);
        return built.document();
    }
}
