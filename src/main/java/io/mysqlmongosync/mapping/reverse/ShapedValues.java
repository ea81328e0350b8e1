package io.mysqlmongosync.mapping.reverse;

import io.mysqlmongosync.schema.ColumnInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bson.Document;

/** The reverse rules of columns with a structure of their own: SET members, BIT(n) bits, a POINT's coordinates. */
final class ShapedValues {

    private ShapedValues() {
    }

    static String set(ColumnInfo column, Object value) throws RefusedValue {
        if (!(value instanceof List<?> list)) {
            throw ColumnValues.refused(column, "is a SET and expects an array of strings; the document holds " + ColumnValues.typeOf(value));
        }
        List<String> members = members(column);
        StringBuilder out = new StringBuilder();
        for (Object m : list) {
            if (!(m instanceof String s) || !members.contains(s)) {
                throw ColumnValues.refused(column, "is a SET; " + (m instanceof String ? "'" + m + "' is not one of " + members
                        : "members must be strings"));
            }
            out.append(out.length() == 0 ? "" : ",").append(s);
        }
        return out.toString();
    }

    /** The members of a SET column from its type, {@code set('a','b')}. */
    static List<String> members(ColumnInfo column) {
        String t = column.columnType();
        String inner = t.substring(t.indexOf('(') + 1, t.lastIndexOf(')'));
        return java.util.Arrays.stream(inner.split(",")).map(s -> s.trim().replaceAll("^'|'$", "").replace("''", "'"))
                .toList();
    }

    static byte[] bits(ColumnInfo column, Object value) throws RefusedValue {
        long v = ColumnValues.integer(new ColumnInfo(column.name(), "bigint", "bigint", -1, -1, 0, true, false), value);
        int width = Math.max(1, column.precision());
        if (v < 0 || (width < 64 && v >= 1L << width)) {
            throw ColumnValues.refused(column, "is BIT(" + width + "); the value does not fit");
        }
        int bytes = (width + 7) / 8;
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--, v >>>= 8) {
            out[i] = (byte) v;
        }
        return out;
    }

    static SqlValue point(ColumnInfo column, Object value) throws RefusedValue {
        if (value instanceof Document d && "Point".equals(d.get("type")) && d.get("coordinates") instanceof List<?> c
                && c.size() == 2 && c.get(0) instanceof Double x && c.get(1) instanceof Double y) {
            ByteBuffer wkb = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN);
            wkb.put((byte) 1).putInt(1).putDouble(x).putDouble(y);
            return new SqlValue("ST_GeomFromWKB(?)", wkb.array());
        }
        throw ColumnValues.refused(column, "takes a GeoJSON point {type: 'Point', coordinates: [x, y]} (other shapes are not"
                + " written back); the document holds " + ColumnValues.typeOf(value));
    }
}
