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
 * name(s) encoded once. One subclass per way of writing (int, long, double, boolean, text, DATETIME, JSON, other):
 * the row loop's call is then a plain virtual call, and the JIT compiles each small writer on its own instead of
 * one row method holding every kind's code inlined (a C2 compilation of over half a second on a cold JVM, most of
 * it spent while the first rows of a load waited).
 */
abstract class EncodedColumn {

    final String name;
    final String microsName;
    final int index;
    final boolean omitNulls;
    final ColumnReaders.ValueReader reader;
    final ColumnReaders.MicrosReader micros;
    final byte[] cname;
    final byte[] microsCname;
    private final boolean kept;

    private EncodedColumn(String name, String microsName, int index, boolean kept, boolean omitNulls,
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
    }

    /**
     * The writer of a column of {@code kind}.
     *
     * @param microsName the µs sibling field of a DATETIME, or null
     * @param index the column's 1-based index in the result set
     * @param kept whether the value also goes into the row's document (key, change column, validated fields)
     * @param reader the value reader (any kind but DATETIME)
     * @param micros the µs reader (DATETIME)
     */
    static EncodedColumn of(String name, String microsName, ColumnKind kind, int index, boolean kept,
            boolean omitNulls, ColumnReaders.ValueReader reader, ColumnReaders.MicrosReader micros) {
        return switch (kind) {
            case INT32 -> new Int32(name, index, kept, omitNulls, reader);
            case INT64 -> new Int64(name, index, kept, omitNulls, reader);
            case DOUBLE -> new Float64(name, index, kept, omitNulls, reader);
            case BOOLEAN -> new Bool(name, index, kept, omitNulls, reader);
            case STRING, TIME -> new Text(name, index, kept, omitNulls, reader);
            case DATETIME -> new DateTime(name, microsName, index, kept, omitNulls, micros);
            case JSON -> new Json(name, index, kept, omitNulls, reader);
            default -> new Other(name, index, kept, omitNulls, reader);
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
    abstract void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException;

    /** The null element of {@code field}, unless nulls are omitted. */
    final void nullValue(BasicOutputBuffer out, byte[] field) {
        if (!omitNulls) {
            BsonEncoding.name(out, BsonType.NULL, field);
        }
    }

    private static final class Int32 extends EncodedColumn {
        Int32(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            int v = rs.getInt(index);
            if (rs.wasNull()) {
                nullValue(out, cname);
            } else {
                BsonEncoding.name(out, BsonType.INT32, cname);
                out.writeInt32(v);
            }
        }
    }

    private static final class Int64 extends EncodedColumn {
        Int64(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            long v = rs.getLong(index);
            if (rs.wasNull()) {
                nullValue(out, cname);
            } else {
                BsonEncoding.name(out, BsonType.INT64, cname);
                out.writeInt64(v);
            }
        }
    }

    private static final class Float64 extends EncodedColumn {
        Float64(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            double v = rs.getDouble(index);
            if (rs.wasNull()) {
                nullValue(out, cname);
            } else {
                BsonEncoding.name(out, BsonType.DOUBLE, cname);
                out.writeDouble(v);
            }
        }
    }

    private static final class Bool extends EncodedColumn {
        Bool(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            int v = rs.getInt(index);
            if (rs.wasNull()) {
                nullValue(out, cname);
            } else {
                BsonEncoding.name(out, BsonType.BOOLEAN, cname);
                out.writeByte(v != 0 ? 1 : 0);
            }
        }
    }

    private static final class Text extends EncodedColumn {
        Text(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            String v = rs.getString(index);
            if (v == null) {
                nullValue(out, cname);
            } else {
                BsonEncoding.name(out, BsonType.STRING, cname);
                BsonEncoding.stringValue(out, v);
            }
        }
    }

    private static final class DateTime extends EncodedColumn {
        DateTime(String name, String microsName, int index, boolean kept, boolean omitNulls,
                ColumnReaders.MicrosReader micros) {
            super(name, microsName, index, kept, omitNulls, null, micros);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
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
    }

    /** A JSON value straight from the text when it is plain JSON, else through its document as before. */
    private static final class Json extends EncodedColumn {
        Json(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
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
    }

    /** Any other kind: the value its reader gives, written as the driver's codec writes it. */
    private static final class Other extends EncodedColumn {
        Other(String name, int index, boolean kept, boolean omitNulls, ColumnReaders.ValueReader reader) {
            super(name, null, index, kept, omitNulls, reader, null);
        }

        @Override
        void write(ResultSet rs, BasicOutputBuffer out, List<String> warnings) throws SQLException {
            Object v = reader.read(rs, index, warnings);
            if (v == null) {
                nullValue(out, cname);
            } else {
                BsonEncoding.element(out, name, v);
            }
        }
    }
}
