package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.BsonEncoding;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.schema.ColumnKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.bson.Document;
import org.bson.io.BasicOutputBuffer;

/**
 * One column of a {@link RowEncoder}: its value rule from {@link ColumnReaders}, written as BSON.
 *
 * @param microsName the µs sibling field of a DATETIME, or null
 * @param index the column's 1-based index in the result set
 * @param kept whether the value also goes into the row's document (key, change column, validated fields)
 * @param reader the value reader (any kind but DATETIME)
 * @param micros the µs reader (DATETIME)
 */
record EncodedColumn(String name, String microsName, ColumnKind kind, int index, boolean kept, boolean omitNulls,
        ColumnReaders.ValueReader reader, ColumnReaders.MicrosReader micros) {

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
                    nullValue(out, name);
                } else {
                    BsonEncoding.string(out, name, v);
                }
            }
            case DATETIME -> writeDateTime(rs, out, warnings);
            case JSON -> writeJson(rs, out, warnings);
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

    /** A JSON value straight from the parser when it is plain JSON, else through its document as before. */
    private void writeJson(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
        String v = rs.getString(index);
        if (v != null && JsonElements.write(out, name, v)) {
            return;
        }
        Object doc = v == null ? null : TypeConverter.json(v, name);
        if (doc == null) {
            nullValue(out, name);
        } else {
            BsonEncoding.element(out, name, doc);
        }
    }

    private void writeNumber(ResultSet rs, BasicOutputBuffer out) throws SQLException {
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
            default -> { // BOOLEAN
                int v = rs.getInt(index);
                if (rs.wasNull()) {
                    nullValue(out, name);
                } else {
                    BsonEncoding.bool(out, name, v != 0);
                }
            }
        }
    }

    private void writeDateTime(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
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

    private void nullValue(BasicOutputBuffer out, String field) {
        if (!omitNulls) {
            BsonEncoding.nullValue(out, field);
        }
    }
}
