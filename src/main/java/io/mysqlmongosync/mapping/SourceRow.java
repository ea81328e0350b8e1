package io.mysqlmongosync.mapping;

import java.util.List;
import org.bson.Document;

/**
 * A converted source row, ready for its strategy.
 *
 * @param id the document {@code _id}: the primary-key value, or a sub-document for a composite key
 * @param document the converted columns (field names = column names), without {@code _id} or {@code _sync}; for
 *     an encoded row only the fields {@code RowConverter.encoding} keeps
 * @param version the source change time in microseconds since the epoch (0 when the table has no change column)
 * @param warnings conversion warnings (e.g. a zero date written as null)
 * @param encoded the whole stored document already encoded, or null (see the source's {@code RowConverter.encoding})
 */
public record SourceRow(Object id, Document document, long version, List<String> warnings, EncodedDocument encoded) {

    /** A row converted into a document only. */
    public SourceRow(Object id, Document document, long version, List<String> warnings) {
        this(id, document, version, warnings, null);
    }
}
