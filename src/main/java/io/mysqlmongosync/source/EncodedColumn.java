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
 * name(s) encoded once.
 */
final class EncodedColumn {

    private final String name;
    private final String microsName;
    private final ColumnKind kind;
    private final int index;
    private final boolean kept;
    private final boolean omitNulls;
    private final ColumnReaders.ValueReader reader;
    private final ColumnReaders.MicrosReader micros;
    private final byte[] cname;
    private final byte[] microsCname;

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
        this.kind = kind;
        this.index = index;
        this.kept = kept;
        this.omitNulls = omitNulls;
        this.reader = reader;
        this.micros = micros;
        this.cname = BsonEncoding.cstring(name);
        this.microsCname = microsName == null ? null : BsonEncoding.cstring(microsName);
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
        switch (kind) {
            case INT32, INT64, DOUBLE, BOOLEAN -> writeNumber(rs, out);
            case STRING, TIME -> {
                String v = rs.getString(index);
                if (v == null) {
                    nullValue(out, cname);
                } else {
                    BsonEncoding.name(out, BsonType.STRING, cname);
                    BsonEncoding.stringValue(out, v);
                }
            }
            case DATETIME -> writeDateTime(rs, out, warnings);
            case JSON -> writeJson(rs, out, warnings);
            default -> {
                Object v = reader.read(rs, index, warnings);
                if (v == null) {
                    nullValue(out, cname);
                } else {
                    BsonEncoding.element(out, name, v);
                }
            }
        }
    }

    /** A JSON value straight from the parser when it is plain JSON, else through its document as before. */
    private void writeJson(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
        String v = rs.getString(index);
        if (v != null && JsonElements.write(out, name, v)) {
            return;
        }
        Object doc = v == null ? null : TypeConverter.json(v, name);
        if (doc == null) {
            nullValue(out, cname);
        } else {
            BsonEncoding.element(out, name, doc);
        }
    }

    private void writeNumber(ResultSet rs, BasicOutputBuffer out) throws SQLException {
        switch (kind) {
            case INT32 -> {
                int v = rs.getInt(index);
                if (rs.wasNull()) {
                    nullValue(out, cname);
                } else {
                    BsonEncoding.name(out, BsonType.INT32, cname);
                    out.writeInt32(v);
                }
            }
            case INT64 -> {
                long v = rs.getLong(index);
                if (rs.wasNull()) {
                    nullValue(out, cname);
                } else {
                    BsonEncoding.name(out, BsonType.INT64, cname);
                    out.writeInt64(v);
                }
            }
            case DOUBLE -> {
                double v = rs.getDouble(index);
                if (rs.wasNull()) {
                    nullValue(out, cname);
                } else {
                    BsonEncoding.name(out, BsonType.DOUBLE, cname);
                    out.writeDouble(v);
                }
            }
            default -> { // BOOLEAN
                int v = rs.getInt(index);
                if (rs.wasNull()) {
                    nullValue(out, cname);
                } else {
                    BsonEncoding.name(out, BsonType.BOOLEAN, cname);
                    out.writeByte(v != 0 ? 1 : 0);
                }
            }
        }
    }

    private void writeDateTime(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
        Long us = micros.read(rs, index, warnings);
        if (us == null) {
            nullValue(out, cname);
        } else {
            BsonEncoding.name(out, BsonType.DATE_TIME, cname);
            out.writeInt64(Math.floorDiv(us, 1000L));
        }
        if (microsCname != null) {
            if (us == null) {
                nullValue(out, microsCname);
            } else {
                BsonEncoding.name(out, BsonType.INT64, microsCname);
                out.writeInt64(us);
            }
        }
    }

    private void nullValue(BasicOutputBuffer out, byte[] field) {
        if (!omitNulls) {
            BsonEncoding.name(out, BsonType.NULL, field);
        }
    }
}
