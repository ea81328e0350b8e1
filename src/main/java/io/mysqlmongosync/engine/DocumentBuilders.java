package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes the {@link DocumentBuilder} of a table (shared by sync passes and verification), the row converter its
 * scans read with, and the write policy of its documents.
 */
@ApplicationScoped
public class DocumentBuilders {

    private final FieldProtector protector;
    private final Embedder embedder;
    private final SyncConfig config;
    private final boolean markDeletes;

    DocumentBuilders(FieldProtector protector, Embedder embedder, SyncConfig config) {
        this.protector = protector;
        this.embedder = embedder;
        this.config = config;
        this.markDeletes = "mark".equalsIgnoreCase(config.softDeleteMode());
    }

    /** Whether SYNC_SOFT_DELETE_MODE=mark: deleted rows keep their document, marked {@code _deleted: true}. */
    public boolean marksDeletes() {
        return markDeletes;
    }

    /** The builder of {@code table}'s documents; embedded copies are read through the {@link Embedder}. */
    public DocumentBuilder forTable(TableContext table) {
        return builder(table, WriteMode.LOAD);
    }

    /**
     * The builder of {@code table}'s documents for a binlog stream: embedded copies are read as the binlog shows
     * them ({@link WriteMode#relatedRead()}).
     */
    DocumentBuilder forStream(TableContext table) {
        return builder(table, WriteMode.STREAM);
    }

    private DocumentBuilder builder(TableContext table, WriteMode mode) {
        return new TableDocumentBuilder(table, protector, markDeletes,
                (rows, docs) -> embedder.fill(table, rows, docs, mode.relatedRead()));
    }

    /**
     * The converter a sync scan of {@code table} reads with: rows encoded straight to their stored BSON when the
     * document is exactly the converted row (the common case: no renames, computed fields, embedding, protection,
     * soft deletes, validation notes or customizer), else the plain converter whose documents the builder changes.
     */
    public RowConverter converterFor(TableContext table) {
        DocumentMapper mapper = table.mapper();
        boolean plain = table.ownCollection() && mapper.identity() && !mapper.noteInvalid()
                && table.embeds().isEmpty() && table.feeds().isEmpty() && table.softDeleteColumn() == null
                && !protector.protects(table.name()) && table.customizer() == null;
        if (!plain) {
            return table.converter();
        }
        Set<String> checked = new HashSet<>();
        mapper.mapping().rules().forEach(r -> checked.add(r.field()));
        RowConverter encoding = table.converter().encoding(table.name(), checked);
        return encoding == null ? table.converter() : encoding;
    }

    /**
     * How {@code table}'s documents are written. Edits made in MongoDB are seen through the conflict field only
     * when it is the table's change column (under its document name, after renames).
     */
    public WritePolicy policyFor(TableContext table) {
        String field = table.schema().changeColumn().map(c -> table.mapper().fieldOf(c.name()))
                .filter(f -> f != null && f.equals(config.conflictField())).orElse(null);
        // The port's own enum mirrors config.ConflictPolicy (same constants) until the port takes that one.
        return new WritePolicy(field, WritePolicy.ConflictPolicy.valueOf(config.conflict().name()), false, false);
    }
}
