package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.KeyText;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.schema.TableSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Converts the current row of a {@code SELECT <all columns>} into a {@link SourceRow}, with one
 * {@link ColumnReaders.FieldWriter} per column chosen when the table is set up. {@link #encoding} gives the
 * encode-once variant ({@link RowEncoder}).
 */
public final class RowConverter {

    private final TableSchema schema;
    private final ColumnReaders readers;
    private final ColumnReaders.FieldWriter[] writers;
    private final String[] keyNames;
    private final int changeIndex;
    private final int createdIndex;
    private final TypeOptions options;
    private final VersionField changeVersion;
    /** Set on a converter made by {@link #encoding}: rows come with their document encoded. */
    private final RowEncoder encoder;

    /** Prepares the writers for {@code schema}. */
    public RowConverter(TableSchema schema, TypeConverter converter) {
        this.schema = schema;
        this.readers = new ColumnReaders(converter);
        this.encoder = null;
        this.options = converter.options();
        List<ColumnInfo> cols = schema.columns();
        this.writers = cols.stream().map(readers::writerFor).toArray(ColumnReaders.FieldWriter[]::new);
        this.keyNames = schema.primaryKey().stream().map(ColumnInfo::name).toArray(String[]::new);
        this.changeIndex = schema.changeColumn().map(c -> cols.indexOf(c) + 1).orElse(0);
        this.createdIndex = schema.createdColumn().map(c -> cols.indexOf(c) + 1).orElse(0);
        this.changeVersion = schema.changeColumn().map(c -> VersionField.of(c, cols, options)).orElse(null);
    }

    private RowConverter(RowConverter plain, RowEncoder encoder) {
        this.schema = plain.schema;
        this.readers = plain.readers;
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
     * @throws io.mysqlmongosync.mapping.ConversionException when a value cannot be converted; the message names
     *     the column
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

    /** A readable key for logs and dead letters: {@code id=42} or {@code order_id=1, line_no=2} ({@link KeyText}). */
    public String describeKey(Object[] rawKey, int offset) {
        return KeyText.of(List.of(keyNames), rawKey, offset);
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
    long version(ResultSet rs, Document doc) throws SQLException {
        Long us = changeVersion == null ? null : changeVersion.read(doc);
        // NULL or a zero date in the change column (rare): the column rules below decide, reading it again.
        return us != null ? us : version(rs);
    }

    private long version(ResultSet rs) throws SQLException {
        Long us = micros(rs, changeIndex);
        if (us == null) {
            us = micros(rs, createdIndex); // NULL or a zero date in the change column: the creation time
        }
        return us == null ? 0L : us;
    }

    /** The µs of the date-time in column {@code index}; null when there is none, it is NULL or a zero date. */
    private Long micros(ResultSet rs, int index) throws SQLException {
        String v = index > 0 ? rs.getString(index) : null;
        return v == null ? null : TypeConverter.epochMicros(v, options.zone());
    }

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
        RowEncoder e = RowEncoder.of(this, readers, syncTable, kept, keyNames);
        return e == null ? null : new RowConverter(this, e);
    }

    /** Whether rows of this converter come encoded (see {@link #encoding}). */
    public boolean encodes() {
        return encoder != null;
    }
}
