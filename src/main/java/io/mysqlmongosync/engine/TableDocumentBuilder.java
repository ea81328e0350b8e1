package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.DocumentBuilder;
import io.mysqlmongosync.engine.port.EmbeddedLookup;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.Violation;
import io.mysqlmongosync.sink.ContentHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The {@link DocumentBuilder} of one table: protects, maps, validates, embeds and wraps one batch of rows. Rows
 * encoded straight to BSON by the source (see {@link DocumentBuilders#converterFor}) keep their bytes.
 */
final class TableDocumentBuilder implements DocumentBuilder {

    private final TableContext table;
    private final FieldProtector protector;
    private final boolean markDeletes;
    private final EmbeddedLookup embedded;

    TableDocumentBuilder(TableContext table, FieldProtector protector, boolean markDeletes, EmbeddedLookup embedded) {
        this.table = table;
        this.protector = protector;
        this.markDeletes = markDeletes;
        this.embedded = embedded;
    }

    /** A row that passed mapping and validation, waiting for its embedded copies and its wrapping. */
    private record Staged(int index, SourceRow row, Document data, List<Violation> problems, boolean softDeleted) {
    }

    @Override
    public List<Built> build(List<SourceRow> rows, Date now) throws Exception {
        Built[] out = new Built[rows.size()];
        List<Staged> staged = stage(rows, out);
        if (!table.embeds().isEmpty() && !staged.isEmpty()) {
            embedded.fill(staged.stream().map(Staged::row).toList(), staged.stream().map(Staged::data).toList());
        }
        for (Staged s : staged) {
            out[s.index()] = wrap(s, now);
        }
        return Arrays.asList(out);
    }

    /** Maps and validates every row; deleted and rejected rows get their result in {@code out} at once. */
    private List<Staged> stage(List<SourceRow> rows, Built[] out) {
        List<Staged> staged = new ArrayList<>(rows.size());
        boolean protects = protector.protects(table.name());
        for (int i = 0; i < rows.size(); i++) {
            SourceRow row = rows.get(i);
            boolean softDeleted = table.softDeleted(row.document());
            if (softDeleted && !markDeletes) {
                out[i] = Built.DELETE;
                continue;
            }
            // Protection comes first, on a copy: computed fields and embedded copies never see a protected value.
            Document source = protects ? protector.protect(table.name(), new Document(row.document())) : row.document();
            DocumentMapper.Mapped mapped = table.map(source);
            List<Violation> problems = softDeleted ? List.of() : mapped.violations();
            if (!problems.isEmpty() && !table.mapper().noteInvalid()) {
                out[i] = new Built(null, false, problems);
                continue;
            }
            staged.add(new Staged(i, row, mapped.document(), problems, softDeleted));
        }
        return staged;
    }

    /** The document of one staged row: data, validation note, soft-delete marker, hash and {@code _sync}. */
    private Built wrap(Staged s, Date now) {
        SourceRow row = s.row();
        if (row.encoded() != null) {
            // Encoded from the result set: the same bytes, hash included, as below.
            return new Built(new TargetDocument(row.id(), null, row.encoded().hash(), row.version(),
                    row.encoded().at(now)), false, s.problems());
        }
        Document data = s.data();
        if (!s.problems().isEmpty()) {
            data.put("_validation", notes(s.problems()));
        }
        String hash = ContentHash.of(data);
        Document doc = new Document("_id", row.id());
        doc.putAll(data);
        if (s.softDeleted()) {
            doc.put("_deleted", true);
        }
        doc.put("_sync", new Document("table", table.name()).append("version", row.version()).append("hash", hash)
                .append("synced_at", now));
        return new Built(new TargetDocument(row.id(), doc, hash, row.version()), false, s.problems());
    }

    /** The {@code _validation} note of a row written despite broken rules: one {rule, message} per problem. */
    static List<Document> notes(List<Violation> problems) {
        return problems.stream().map(v -> new Document("rule", v.rule()).append("message", v.message())).toList();
    }
}
