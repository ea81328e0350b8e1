package io.mysqlmongosync.mapping;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.bson.types.Binary;

/**
 * A row's primary key as readable text, {@code id=42} or {@code order_id=1, line_no=2} (bytes as {@code 0x...}):
 * what logs name and what identifies a row in {@code _sync_dead_letters}. The same text comes from the key as read
 * from the source (a row that could not be converted) and from the converted {@code _id} (a row whose document
 * could not be written), so that a row rejected once and written later finds its entry.
 */
public final class KeyText {

    private KeyText() {
    }

    /** {@code names[i]=values[offset + i]} for each key column. */
    public static String of(List<String> names, Object[] values, int offset) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < names.size() && offset + i < values.length; i++) {
            j.add(names.get(i) + "=" + value(values[offset + i]));
        }
        return j.toString();
    }

    /** The key of a converted {@code _id}: the key value itself, or a sub-document in key column order. */
    public static String ofId(List<String> names, Object id) {
        if (names.size() != 1 && id instanceof Map<?, ?> parts) {
            StringJoiner j = new StringJoiner(", ");
            for (String n : names) {
                j.add(n + "=" + value(parts.get(n)));
            }
            return j.toString();
        }
        return (names.isEmpty() ? "_id" : names.get(0)) + "=" + value(id);
    }

    /** One key value: bytes in hex, anything else as its text. */
    public static String value(Object v) {
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        if (v instanceof Binary b) {
            return "0x" + HexFormat.of().formatHex(b.getData());
        }
        return String.valueOf(v);
    }
}
