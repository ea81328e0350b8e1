package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.BsonEncoding;
import java.util.HashSet;
import java.util.Set;
import org.bson.BsonType;
import org.bson.io.BasicOutputBuffer;
import org.bson.json.JsonReader;

/**
 * A JSON column's value written as BSON straight from the text, without the {@code Document} that
 * {@link io.mysqlmongosync.mapping.TypeConverter#json} builds first: the same BSON types and field order as that
 * path, so the same bytes. Only plain JSON takes this path (objects, arrays, strings, numbers, booleans, nested
 * nulls): strict JSON through {@link StrictJson} in one pass, the rest through the driver's reader. Anything the
 * document path treats specially (a {@code $} anywhere, which could be extended JSON; a name given twice in one
 * object, where the document keeps the last value at the first place; a top-level null, which the null rules
 * decide; text the parser refuses) is left to the caller's document path.
 */
final class JsonElements {

    private JsonElements() {
    }

    /**
     * Writes {@code json} as the element {@code name} into {@code out}; returns false, with {@code out} as it was,
     * when the document path must write it instead.
     */
    static boolean write(BasicOutputBuffer out, String name, String json) {
        if (json.indexOf('$') >= 0) {
            return false;
        }
        if (StrictJson.write(out, name, json)) {
            return true;
        }
        int mark = out.getPosition();
        try {
            // Wrapped as the document path wraps it, so both read exactly the same value.
            JsonReader r = new JsonReader("{\"v\":" + json + "\n}");
            r.readStartDocument();
            BsonType type = r.readBsonType();
            if (type != BsonType.NULL && type != BsonType.END_OF_DOCUMENT && "v".equals(r.readName())
                    && copy(r, out, name, type) && r.readBsonType() == BsonType.END_OF_DOCUMENT) {
                return true;
            }
        } catch (RuntimeException e) {
            // invalid JSON: the document path reports it
        }
        out.truncateToPosition(mark);
        return false;
    }

    /** Copies the value of {@code type} the reader is at; false for what only the document path writes. */
    private static boolean copy(JsonReader r, BasicOutputBuffer out, String name, BsonType type) {
        switch (type) {
            case DOCUMENT -> {
                return document(r, out, name);
            }
            case ARRAY -> {
                return array(r, out, name);
            }
            case STRING -> BsonEncoding.string(out, name, r.readString());
            case INT32 -> BsonEncoding.int32(out, name, r.readInt32());
            case INT64 -> BsonEncoding.int64(out, name, r.readInt64());
            case DOUBLE -> BsonEncoding.float64(out, name, r.readDouble());
            case BOOLEAN -> BsonEncoding.bool(out, name, r.readBoolean());
            case NULL -> {
                r.readNull();
                BsonEncoding.nullValue(out, name);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean document(JsonReader r, BasicOutputBuffer out, String name) {
        BsonEncoding.name(out, BsonType.DOCUMENT, name);
        int at = BsonEncoding.start(out);
        r.readStartDocument();
        Set<String> names = new HashSet<>();
        for (BsonType t = r.readBsonType(); t != BsonType.END_OF_DOCUMENT; t = r.readBsonType()) {
            String field = r.readName();
            if (!names.add(field) || !copy(r, out, field, t)) {
                return false;
            }
        }
        r.readEndDocument();
        BsonEncoding.end(out, at);
        return true;
    }

    private static boolean array(JsonReader r, BasicOutputBuffer out, String name) {
        BsonEncoding.name(out, BsonType.ARRAY, name);
        int at = BsonEncoding.start(out);
        r.readStartArray();
        int i = 0;
        for (BsonType t = r.readBsonType(); t != BsonType.END_OF_DOCUMENT; t = r.readBsonType()) {
            if (!copy(r, out, Integer.toString(i++), t)) {
                return false;
            }
        }
        r.readEndArray();
        BsonEncoding.end(out, at);
        return true;
    }
}
