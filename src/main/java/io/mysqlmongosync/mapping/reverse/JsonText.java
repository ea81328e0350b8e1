package io.mysqlmongosync.mapping.reverse;

import io.mysqlmongosync.schema.ColumnInfo;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A sub-document, array or scalar as the JSON text of a JSON column, written so that reading the column back
 * (the forward rule parses it into the same BSON) gives the same values: strings, booleans, null, int32, int64,
 * finite doubles, sub-documents and arrays. Values JSON cannot carry exactly (dates, Decimal128, binary, ids) are
 * refused.
 */
final class JsonText {

    private JsonText() {
    }

    static String of(ColumnInfo column, Object value) throws RefusedValue {
        StringBuilder out = new StringBuilder();
        write(column, value, out);
        return out.toString();
    }

    private static void write(ColumnInfo column, Object value, StringBuilder out) throws RefusedValue {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw ColumnValues.refused(column, "is JSON; NaN and infinity have no JSON form");
            }
            out.append(d);
        } else if (value instanceof Document || value instanceof Map<?, ?>) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.append(first ? "" : ", ");
                first = false;
                quote(String.valueOf(e.getKey()), out);
                out.append(": ");
                write(column, e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(column, list.get(i), out);
            }
            out.append(']');
        } else {
            throw ColumnValues.refused(column, "is JSON; " + ColumnValues.typeOf(value) + " has no exact JSON form");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
