package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.BsonEncoding;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.schema.ColumnKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.io.BasicOutputBuffer;

/**
 * One column of a {@link RowEncoder}: its value rule from {@link ColumnReaders}, written as BSON, with its field
 * name(s) encoded once. Each way of writing (int, long, double, boolean, text, DATETIME, JSON, other) is its own
 * method, reached through a {@link Writer} chosen per column: the row loop's call is then one indirect call, and
 * the JIT compiles each small writer on its own instead of one row method holding every kind's code inlined (a C2
 * compilation of over half a second on a cold JVM, most of it while the first rows of a load waited).
 */
final class EncodedColumn {

    /** How a column of one kind is read and written. */
    @FunctionalInterface
    private interface Writer {
        void write(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException;
    }

    private final String name;
    private final String microsName;
    private final int index;
    private final boolean kept;
    private final boolean omitNulls;
    private final ColumnReaders.ValueReader reader;
    private final ColumnReaders.MicrosReader micros;
    private final byte[] cname;
    private final byte[] microsCname;
    private final Writer writer;

    /**
     * @param microsName the µs sibling field of a DATETIME, or null
     * @param index the column's 1-based index in the result set
     * @param kept whether the value also goes into the row's document (key, change column, validated fields)
     * @param reader the value reader (any kind but DATETIME)
     * @param micros the µs reader (DATETIME)
     */
    EncodedColumn(String name, String microsName, ColumnKind kind, int index, boolean kept, boolean omitNulls,
            ColumnReaders.ValueReader reader, ColumnReaders.MicrosReader micros) {
        this.name = name;
        this.microsName = microsName;
        this.index = index;
        this.kept = kept;
        this.omitNulls = omitNulls;
        this.reader = reader;
        this.micros = micros;
        this.cname = BsonEncoding.cstring(name);
        this.microsCname = microsName == null ? null : BsonEncoding.cstring(microsName);
        this.writer = switch (kind) {
            case INT32 -> EncodedColumn::int32;
            case INT64 -> EncodedColumn::int64;
            case DOUBLE -> EncodedColumn::float64;
            case BOOLEAN -> EncodedColumn::bool;
            case STRING, TIME -> EncodedColumn::text;
            case DATETIME -> EncodedColumn::dateTime;
            case JSON -> EncodedColumn::json;
            default -> EncodedColumn::other;
        };
    }

    /** Whether the value also goes into the row's document. */
    boolean kept() {
        return kept;
    }

    /** Converts the value into {@code doc} as the plain converter's field writer would. */
    void keep(ResultSet rs, Document doc, List<String> warnings) throws SQLException {
        if (micros != null) {
            Long us = micros.read(rs, index, warnings);
            put(doc, name, TypeConverter.dateOfMicros(us));
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
        writer.write(this, rs, out, warnings);
    }

    /** The null element of {@code field}, unless nulls are omitted. */
    private void nullValue(BasicOutputBuffer out, byte[] field) {
        if (!omitNulls) {
            BsonEncoding.name(out, BsonType.NULL, field);
        }
    }

    private static void int32(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        int v = rs.getInt(c.index);
        if (rs.wasNull()) {
            c.nullValue(out, c.cname);
        } else {
            BsonEncoding.name(out, BsonType.INT32, c.cname);
            out.writeInt32(v);
        }
    }

    private static void int64(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        long v = rs.getLong(c.index);
        if (rs.wasNull()) {
            c.nullValue(out, c.cname);
        } else {
            BsonEncoding.name(out, BsonType.INT64, c.cname);
            out.writeInt64(v);
        }
    }

    private static void float64(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        double v = rs.getDouble(c.index);
        if (rs.wasNull()) {
            c.nullValue(out, c.cname);
        } else {
            BsonEncoding.name(out, BsonType.DOUBLE, c.cname);
            out.writeDouble(v);
        }
    }

    private static void bool(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        int v = rs.getInt(c.index);
        if (rs.wasNull()) {
            c.nullValue(out, c.cname);
        } else {
            BsonEncoding.name(out, BsonType.BOOLEAN, c.cname);
            out.writeByte(v != 0 ? 1 : 0);
        }
    }

    private static void text(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        String v = rs.getString(c.index);
        if (v == null) {
            c.nullValue(out, c.cname);
        } else {
            BsonEncoding.name(out, BsonType.STRING, c.cname);
            BsonEncoding.stringValue(out, v);
        }
    }

    private static void dateTime(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        Long us = c.micros.read(rs, c.index, w);
        if (us == null) {
            c.nullValue(out, c.cname);
        } else {
            BsonEncoding.name(out, BsonType.DATE_TIME, c.cname);
            out.writeInt64(Math.floorDiv(us, 1000L));
        }
        if (c.microsCname == null) {
            return;
        }
        if (us == null) {
            c.nullValue(out, c.microsCname);
        } else {
            BsonEncoding.name(out, BsonType.INT64, c.microsCname);
            out.writeInt64(us);
        }
    }

    /** A JSON value straight from the text when it is plain JSON, else through its document as before. */
    private static void json(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        String v = rs.getString(c.index);
        if (v != null && JsonElements.write(out, c.name, v)) {
            return;
        }
        c.element(out, v == null ? null : TypeConverter.json(v, c.name));
    }

    /** Any other kind: the value its reader gives, written as the driver's codec writes it. */
    private static void other(EncodedColumn c, ResultSet rs, BasicOutputBuffer out, List<String> w)
            throws SQLException {
        c.element(out, c.reader.read(rs, c.index, w));
    }

    private void element(BasicOutputBuffer out, Object v) {
        if (v == null) {
            nullValue(out, cname);
        } else {
            BsonEncoding.element(out, name, v);
        }
    }
}
