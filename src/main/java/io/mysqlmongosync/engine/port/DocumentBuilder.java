package io.mysqlmongosync.engine.port;

import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.spec.Violation;
import java.util.Date;
import java.util.List;

/**
 * Turns the rows of one table into the documents to write: field protection first (on a copy), then the mapping
 * (renames, computed fields, the table's {@code DocumentCustomizer}), validation, the embedded copies of related
 * rows, the soft-delete marker, the content hash and the {@code _sync} field. One builder serves one table.
 *
 * <p>A builder does no I/O of its own: the embedded copies come through an {@link EmbeddedLookup}. The same builder
 * prepares the documents of a sync pass and of a verification, so both compare the same bytes.
 */
public interface DocumentBuilder {

    /** One result per row of {@code rows}, in order; {@code now} is the {@code _sync.synced_at} time. */
    List<Built> build(List<SourceRow> rows, Date now) throws Exception;

    /**
     * What one row becomes.
     *
     * @param document the document to write (with a {@code _validation} note when the mapping asks for one), or
     *     null when the row is deleted or rejected
     * @param delete whether the row's document is to be removed (soft-deleted row in remove mode)
     * @param problems the rules the row breaks; a rejected row has problems and neither a document nor a delete
     */
    record Built(TargetDocument document, boolean delete, List<Violation> problems) {

        /** A row whose document is removed. */
        public static final Built DELETE = new Built(null, true, List.of());

        /** Whether the row breaks rules and is not written. */
        public boolean rejected() {
            return document == null && !delete;
        }
    }
}
