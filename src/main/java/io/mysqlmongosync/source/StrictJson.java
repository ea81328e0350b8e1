package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.BsonEncoding;
import io.mysqlmongosync.source.JsonCursor.Refused;
import org.bson.BsonType;
import org.bson.io.BasicOutputBuffer;

/**
 * The fast path of {@link JsonElements}: a JSON value in the strict grammar of RFC 8259 (what MySQL and MariaDB
 * store in a JSON column) written as BSON in one pass over the text, with the values the driver's {@code JsonReader}
 * reads from the same text: an integer is an int32 when it fits, else an int64; a number with a fraction or an
 * exponent is {@link Double#parseDouble}'s double; a string holds the characters its escapes stand for, one per
 * {@code \\u} escape. Anything else — other whitespace, single quotes, unquoted words, an integer beyond int64, an
 * object of more than {@value #MAX_NAMES} names or with a name given twice, nesting deeper than
 * {@value #MAX_DEPTH}, text after the value, a top-level null — is refused, with the buffer as it was, and left to
 * the slower paths, which keep their own rules for it. The text is read by a {@link JsonCursor}.
 */
final class StrictJson {

    /** Objects with more names go the slower way (the duplicate check here is a linear scan). */
    static final int MAX_NAMES = 32;

    /** Deeper nesting goes the slower way. */
    static final int MAX_DEPTH = 64;

    private final JsonCursor in;
    private final BasicOutputBuffer out;
    private int depth;

    private StrictJson(String text, BasicOutputBuffer out) {
        this.in = new JsonCursor(text);
        this.out = out;
    }

    /** Writes {@code json} as the element {@code name}; false, with {@code out} as it was, when refused. */
    static boolean write(BasicOutputBuffer out, String name, String json) {
        int mark = out.getPosition();
        StrictJson p = new StrictJson(json, out);
        try {
            p.in.space();
            if (p.in.peek() != 'n') {
                p.value(name);
                if (p.in.atEnd()) {
                    return true;
                }
            }
        } catch (Refused | RuntimeException e) {
            // left to the slower path, which reads (or reports) it its own way
        }
        out.truncateToPosition(mark);
        return false;
    }

    private void value(String name) throws Refused {
        if (++depth > MAX_DEPTH) {
            throw Refused.INSTANCE;
        }
        int c = in.peek();
        switch (c) {
            case '{' -> object(name);
            case '[' -> array(name);
            case '"' -> {
                in.skip();
                BsonEncoding.name(out, BsonType.STRING, name);
                BsonEncoding.stringValue(out, in.string());
            }
            case 't' -> {
                in.word("true");
                BsonEncoding.bool(out, name, true);
            }
            case 'f' -> {
                in.word("false");
                BsonEncoding.bool(out, name, false);
            }
            case 'n' -> {
                in.word("null");
                BsonEncoding.nullValue(out, name);
            }
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    throw Refused.INSTANCE;
                }
                number(name);
            }
        }
        depth--;
    }

    private void object(String name) throws Refused {
        in.skip();
        BsonEncoding.name(out, BsonType.DOCUMENT, name);
        int doc = BsonEncoding.start(out);
        in.space();
        if (in.peek() == '}') {
            in.skip();
            BsonEncoding.end(out, doc);
            return;
        }
        String[] names = new String[MAX_NAMES];
        int count = 0;
        do {
            in.space();
            in.expect('"');
            String field = in.string();
            for (int i = 0; i < count; i++) {
                if (names[i].equals(field)) {
                    throw Refused.INSTANCE; // the document path keeps the last value at the first place
                }
            }
            if (count == MAX_NAMES) {
                throw Refused.INSTANCE;
            }
            names[count++] = field;
            in.space();
            in.expect(':');
            in.space();
            value(field);
        } while (nextOrClose('}'));
        BsonEncoding.end(out, doc);
    }

    private void array(String name) throws Refused {
        in.skip();
        BsonEncoding.name(out, BsonType.ARRAY, name);
        int doc = BsonEncoding.start(out);
        in.space();
        if (in.peek() == ']') {
            in.skip();
            BsonEncoding.end(out, doc);
            return;
        }
        int i = 0;
        do {
            in.space();
            value(Integer.toString(i++));
        } while (nextOrClose(']'));
        BsonEncoding.end(out, doc);
    }

    /** After a member: true past a comma (another follows), false past {@code close}. */
    private boolean nextOrClose(char close) throws Refused {
        in.space();
        if (in.peek() == ',') {
            in.skip();
            return true;
        }
        in.expect(close);
        return false;
    }

    private void number(String name) throws Refused {
        int start = in.position();
        if (in.number()) {
            BsonEncoding.float64(out, name, in.decimal(start));
            return;
        }
        long v = in.integer(start); // beyond int64: refused by the exception
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            BsonEncoding.int32(out, name, (int) v);
        } else {
            BsonEncoding.int64(out, name, v);
        }
    }
}
