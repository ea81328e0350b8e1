package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.BsonEncoding;
import io.mysqlmongosync.mapping.EncodedDocument;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonSerializationException;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.io.BasicOutputBuffer;

/**
 * The encode-once path of {@link RowConverter#encoding}: a row's whole stored document ({@code _id}, the converted
 * columns, {@code _sync}) written as BSON straight from the result set, into one reused buffer per thread.
 */
final class RowEncoder {

    private static final ThreadLocal<BasicOutputBuffer> BUFFER = ThreadLocal.withInitial(() -> new BasicOutputBuffer(1024));
    private static final Set<String> SERVICE_FIELDS = Set.of("_id", "_sync", "_deleted", "_validation");

    private final RowConverter plain;
    private final String table;
    private final EncodedColumn[] cols;

    private RowEncoder(RowConverter plain, String table, EncodedColumn[] cols) {
        this.plain = plain;
        this.table = table;
        this.cols = cols;
    }

    /** The encoder of {@code plain}'s table, or null when field names could clash (see {@link RowConverter#encoding}). */
    static RowEncoder of(RowConverter plain, ColumnReaders readers, String syncTable, Set<String> kept,
            String[] keyNames) {
        TypeOptions options = readers.rules().options();
        Set<String> keep = new HashSet<>(kept);
        keep.addAll(Arrays.asList(keyNames));
        plain.schema().changeColumn().ifPresent(c -> keep.add(c.name()));
        Set<String> fields = new HashSet<>();
        List<ColumnInfo> columns = plain.schema().columns();
        EncodedColumn[] encoders = new EncodedColumn[columns.size()];
        for (int i = 0; i < encoders.length; i++) {
            ColumnInfo c = columns.get(i);
            boolean datetime = c.kind() == ColumnKind.DATETIME;
            String micros = datetime && readers.rules().keepsMicros(c) ? c.name() + options.microsSuffix() : null;
            if (!fields.add(c.name()) || (micros != null && !fields.add(micros))) {
                return null;
            }
            boolean k = keep.contains(c.name()) || (micros != null && keep.contains(micros));
            try {
                encoders[i] = new EncodedColumn(c.name(), micros, c.kind(), i + 1, k, options.omitNulls(),
                        datetime ? null : readers.readerFor(c), datetime ? readers.microsOf(c) : null);
            } catch (BsonSerializationException e) {
                return null; // a name BSON cannot hold: the plain path reports it for each row, as for any table
            }
        }
        if (fields.stream().anyMatch(SERVICE_FIELDS::contains)) {
            return null;
        }
        return new RowEncoder(plain, syncTable, encoders);
    }

    /** The current row with its document encoded. */
    SourceRow encode(ResultSet rs) throws SQLException {
        List<String> warnings = new ArrayList<>(0);
        Document kept = new Document();
        for (EncodedColumn c : cols) {
            if (c.kept()) {
                c.keep(rs, kept, warnings);
            }
        }
        Object id = plain.idOf(kept);
        long version = plain.version(rs, kept);
        BasicOutputBuffer out = BUFFER.get();
        out.truncateToPosition(0);
        int doc = BsonEncoding.start(out);
        BsonEncoding.element(out, "_id", id);
        int from = out.getPosition();
        for (EncodedColumn c : cols) {
            if (c.kept()) {
                c.fromKept(out, kept);
            } else {
                c.write(rs, out, warnings);
            }
        }
        String hash = BsonEncoding.hash(out, from, out.getPosition());
        int syncedAt = sync(out, version, hash);
        BsonEncoding.end(out, doc);
        byte[] bytes = out.toByteArray();
        if (out.getSize() > 1 << 20) {
            BUFFER.remove(); // do not keep a huge buffer per thread after one huge row
        }
        return new SourceRow(id, kept, version, warnings, new EncodedDocument(bytes, hash, syncedAt));
    }

    /** Writes {@code _sync}; returns where its {@code synced_at} value starts (filled in when the page is written). */
    private int sync(BasicOutputBuffer out, long version, String hash) {
        BsonEncoding.name(out, BsonType.DOCUMENT, "_sync");
        int sync = BsonEncoding.start(out);
        BsonEncoding.string(out, "table", table);
        BsonEncoding.int64(out, "version", version);
        BsonEncoding.string(out, "hash", hash);
        BsonEncoding.name(out, BsonType.DATE_TIME, "synced_at");
        int syncedAt = out.getPosition();
        out.writeInt64(0L);
        BsonEncoding.end(out, sync);
        return syncedAt;
    }
}
