package io.mysqlmongosync.mapping;

import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.schema.TableSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.io.BasicOutputBuffer;

/**
 * Converts the current row of a {@code SELECT <all columns>} into a {@link SourceRow}, with one
 * {@link TypeConverter.FieldWriter} per column chosen when the table is set up.
 */
public final class RowConverter {

    private final TableSchema schema;
    private final TypeConverter.FieldWriter[] writers;
    private final String[] keyNames;
    private final int changeIndex;
    private final int createdIndex;
    private final TypeOptions options;
    private final VersionField changeVersion;
    private final TypeConverter converter;
    /** Set on a converter made by {@link #encoding}: rows come with their document encoded. */
    private final Encoder encoder;

    /** Prepares the writers for {@code schema}. */
    public RowConverter(TableSchema schema, TypeConverter converter) {
        this.schema = schema;
        this.converter = converter;
        this.encoder = null;
        this.options = converter.options();
        List<ColumnInfo> cols = schema.columns();
        this.writers = cols.stream().map(converter::writerFor).toArray(TypeConverter.FieldWriter[]::new);
        this.keyNames = schema.primaryKey().stream().map(ColumnInfo::name).toArray(String[]::new);
        this.changeIndex = schema.changeColumn().map(c -> cols.indexOf(c) + 1).orElse(0);
        this.createdIndex = schema.createdColumn().map(c -> cols.indexOf(c) + 1).orElse(0);
        this.changeVersion = schema.changeColumn().map(c -> VersionField.of(c, cols, options)).orElse(null);
    }

    private RowConverter(RowConverter plain, Encoder encoder) {
        this.schema = plain.schema;
        this.converter = plain.converter;
        this.options = plain.options;
        this.writers = plain.writers;
        this.keyNames = plain.keyNames;
        this.changeIndex = plain.changeIndex;
        this.createdIndex = plain.createdIndex;
        this.changeVersion = plain.changeVersion;
        this.encoder = encoder;
    }

    /**
     * Where a row's version can be taken from the converted document instead of reading and parsing the column a
     * second time: the DATETIME writer already stored it exactly, as microseconds in the sibling field (fsp > 3
     * with SYNC_KEEP_MICROS) or as a date with no sub-millisecond part (fsp <= 3).
     */
    private record VersionField(String dateField, String microsField) {

        static VersionField of(ColumnInfo c, List<ColumnInfo> cols, TypeOptions options) {
            if (c.kind() != ColumnKind.DATETIME) {
                return null;
            }
            String micros = c.name() + options.microsSuffix();
            // Field names shared between a column and another column's micros sibling: the document is ambiguous.
            boolean clash = cols.stream().anyMatch(o -> o.name().equals(micros)
                    || (o.name() + options.microsSuffix()).equals(c.name()));
            if (clash) {
                return null;
            }
            if (c.fsp() <= 3) {
                return new VersionField(c.name(), null);
            }
            return options.keepMicros() ? new VersionField(null, micros) : null;
        }

        /** The version in µs; null when the document holds no value (NULL or zero date: fall back). */
        Long read(Document doc) {
            if (microsField != null) {
                return doc.get(microsField) instanceof Long us ? us : null;
            }
            return doc.get(dateField) instanceof java.util.Date d ? d.getTime() * 1000L : null;
        }
    }

    /** The table this converter serves. */
    public TableSchema schema() {
        return schema;
    }

    /**
     * Converts the current row.
     *
     * @throws ConversionException when a value cannot be converted; the message names the column
     */
    public SourceRow convert(ResultSet rs) throws SQLException {
        if (encoder != null) {
            return encoder.encode(rs);
        }
        Document doc = new Document();
        List<String> warnings = new ArrayList<>(0);
        for (int i = 0; i < writers.length; i++) {
            writers[i].write(rs, i + 1, doc, warnings);
        }
        return new SourceRow(idOf(doc), doc, version(rs, doc), warnings);
    }

    /** The {@code _id} of a converted document: the key value, or a sub-document in key column order. */
    public Object idOf(Document doc) {
        if (keyNames.length == 1) {
            return doc.get(keyNames[0]);
        }
        Document id = new Document();
        for (String k : keyNames) {
            id.put(k, doc.get(k));
        }
        return id;
    }

    /** A readable key for logs: {@code id=42} or {@code order_id=1, line_no=2}. */
    public String describeKey(Object[] rawKey, int offset) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < keyNames.length && offset + i < rawKey.length; i++) {
            Object v = rawKey[offset + i];
            j.add(keyNames[i] + "=" + (v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(b) : v));
        }
        return j.toString();
    }

    /** The row's change time in microseconds, or 0 when it has none or it cannot be read. */
    public long versionOrZero(ResultSet rs) {
        try {
            return version(rs);
        } catch (SQLException | RuntimeException e) {
            return 0L;
        }
    }

    /** The row's version, from the converted document where it is already there exactly. */
    private long version(ResultSet rs, Document doc) throws SQLException {
        Long us = changeVersion == null ? null : changeVersion.read(doc);
        // NULL or a zero date in the change column (rare): the column rules below decide, reading it again.
        return us != null ? us : version(rs);
    }

    private long version(ResultSet rs) throws SQLException {
        String v = changeIndex > 0 ? rs.getString(changeIndex) : null;
        if (v == null && createdIndex > 0) {
            v = rs.getString(createdIndex);
        }
        Long us = v == null ? null : TypeConverter.epochMicros(v, options.zone());
        return us == null ? 0L : us;
    }

    private static final ThreadLocal<BasicOutputBuffer> BUFFER = ThreadLocal.withInitial(() -> new BasicOutputBuffer(1024));
    private static final Set<String> SERVICE_FIELDS = Set.of("_id", "_sync", "_deleted", "_validation");

    /**
     * A converter for the same table whose rows come with their whole stored document already encoded as BSON
     * ({@link SourceRow#encoded()}): {@code _id}, the converted columns in column order and {@code _sync} with the
     * content hash of those columns' bytes, byte for byte what converting, hashing and writing the document gives,
     * without building it as a map and without encoding it twice. The row's {@link SourceRow#document()} holds only
     * the key and change columns and the fields named in {@code kept} (what the version, the {@code _id} and the
     * validation rules read). Only for a table whose document is exactly its converted row (no renames, computed
     * fields, embedding, protection, soft deletes or validation notes): the caller decides that. Null when field
     * names could clash (a column named like another's µs sibling or like a field the service adds), left to the
     * plain path.
     *
     * @param syncTable the table name stored in {@code _sync.table}
     */
    public RowConverter encoding(String syncTable, Set<String> kept) {
        if (encoder != null) {
            return this;
        }
        Set<String> keep = new HashSet<>(kept);
        keep.addAll(java.util.Arrays.asList(keyNames));
        schema.changeColumn().ifPresent(c -> keep.add(c.name()));
        Set<String> fields = new HashSet<>();
        List<ColumnInfo> cols = schema.columns();
        Col[] encoders = new Col[cols.size()];
        for (int i = 0; i < encoders.length; i++) {
            ColumnInfo c = cols.get(i);
            ColumnKind kind = c.kind();
            String micros = kind == ColumnKind.DATETIME && converter.keepsMicros(c) ? c.name() + options.microsSuffix() : null;
            if (!fields.add(c.name()) || (micros != null && !fields.add(micros))) {
                return null;
            }
            boolean k = keep.contains(c.name()) || (micros != null && keep.contains(micros));
            encoders[i] = new Col(c.name(), micros, kind, i + 1, k, options.omitNulls(),
                    kind == ColumnKind.DATETIME ? null : converter.readerFor(c),
                    kind == ColumnKind.DATETIME ? converter.microsOf(c) : null);
        }
        if (fields.stream().anyMatch(SERVICE_FIELDS::contains)) {
            return null;
        }
        return new RowConverter(this, new Encoder(syncTable, encoders));
    }

    /** Whether rows of this converter come encoded (see {@link #encoding}). */
    public boolean encodes() {
        return encoder != null;
    }

    /** Encodes a row's document as {@link #encoding} describes. */
    private final class Encoder {

        private final String table;
        private final Col[] cols;

        Encoder(String table, Col[] cols) {
            this.table = table;
            this.cols = cols;
        }

        SourceRow encode(ResultSet rs) throws SQLException {
            List<String> warnings = new ArrayList<>(0);
            Document kept = new Document();
            for (Col c : cols) {
                if (c.kept) {
                    c.keep(rs, kept, warnings);
                }
            }
            Object id = idOf(kept);
            long version = version(rs, kept);
            BasicOutputBuffer out = BUFFER.get();
            out.truncateToPosition(0);
            int doc = BsonEncoding.start(out);
            BsonEncoding.element(out, "_id", id);
            int from = out.getPosition();
            for (Col c : cols) {
                if (c.kept) {
                    c.fromKept(out, kept);
                } else {
                    c.write(rs, out, warnings);
                }
            }
            String hash = BsonEncoding.hash(out, from, out.getPosition());
            BsonEncoding.name(out, BsonType.DOCUMENT, "_sync");
            int sync = BsonEncoding.start(out);
            BsonEncoding.string(out, "table", table);
            BsonEncoding.int64(out, "version", version);
            BsonEncoding.string(out, "hash", hash);
            BsonEncoding.name(out, BsonType.DATE_TIME, "synced_at");
            int syncedAt = out.getPosition();
            out.writeInt64(0L);
            BsonEncoding.end(out, sync);
            BsonEncoding.end(out, doc);
            byte[] bytes = out.toByteArray();
            if (out.getSize() > 1 << 20) {
                BUFFER.remove(); // do not keep a huge buffer per thread after one huge row
            }
            return new SourceRow(id, kept, version, warnings, new EncodedDocument(bytes, hash, syncedAt));
        }
    }

    /** One column of an encoding converter: its value rule from {@link TypeConverter}, written as BSON. */
    private record Col(String name, String microsName, ColumnKind kind, int index, boolean kept, boolean omitNulls,
            TypeConverter.ValueReader reader, TypeConverter.MicrosReader micros) {

        /** Converts the value into {@code doc} as the plain converter's field writer would. */
        void keep(ResultSet rs, Document doc, List<String> warnings) throws SQLException {
            if (micros != null) {
                Long us = micros.read(rs, index, warnings);
                put(doc, name, us == null ? null : new Date(Math.floorDiv(us, 1000L)));
                if (microsName != null) {
                    put(doc, microsName, us);
                }
            } else {
                put(doc, name, reader.read(rs, index, warnings));
            }
        }

        private void put(Document doc, String field, Object value) {
            if (value != null || !omitNulls) {
                doc.put(field, value);
            }
        }

        /** Writes the field(s) {@link #keep} put into {@code doc}. */
        void fromKept(BasicOutputBuffer out, Document doc) {
            if (doc.containsKey(name)) {
                BsonEncoding.element(out, name, doc.get(name));
            }
            if (microsName != null && doc.containsKey(microsName)) {
                BsonEncoding.element(out, microsName, doc.get(microsName));
            }
        }

        /** Reads and writes the value straight away. */
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            switch (kind) {
                case INT32 -> {
                    int v = rs.getInt(index);
                    if (rs.wasNull()) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.int32(out, name, v);
                    }
                }
                case INT64 -> {
                    long v = rs.getLong(index);
                    if (rs.wasNull()) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.int64(out, name, v);
                    }
                }
                case DOUBLE -> {
                    double v = rs.getDouble(index);
                    if (rs.wasNull()) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.float64(out, name, v);
                    }
                }
                case BOOLEAN -> {
                    int v = rs.getInt(index);
                    if (rs.wasNull()) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.bool(out, name, v != 0);
                    }
                }
                case STRING, TIME -> {
                    String v = rs.getString(index);
                    if (v == null) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.string(out, name, v);
                    }
                }
                case DATETIME -> {
                    Long us = micros.read(rs, index, warnings);
                    if (us == null) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.dateTime(out, name, Math.floorDiv(us, 1000L));
                    }
                    if (microsName != null) {
                        if (us == null) {
                            nullValue(out, microsName);
                        } else {
                            BsonEncoding.int64(out, microsName, us);
                        }
                    }
                }
                default -> {
                    Object v = reader.read(rs, index, warnings);
                    if (v == null) {
                        nullValue(out, name);
                    } else {
                        BsonEncoding.element(out, name, v);
                    }
                }
            }
        }

        private void nullValue(BasicOutputBuffer out, String field) {
            if (!omitNulls) {
                BsonEncoding.nullValue(out, field);
            }
        }
    }
}
