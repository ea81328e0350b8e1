package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.BsonEncoding;
import org.bson.BsonType;
import org.bson.io.BasicOutputBuffer;

/**
 * The fast path of {@link JsonElements}: a JSON value in the strict grammar of RFC 8259 (what MySQL and MariaDB
 * store in a JSON column) written as BSON in one pass over the text, with the values the driver's {@code JsonReader}
 * reads from the same text: an integer is an int32 when it fits, else an int64; a number with a fraction or an
 * exponent is {@link Double#parseDouble}'s double; a string holds the characters its escapes stand for, one per
 * {@code \\u} escape. Anything else — other whitespace, single quotes, unquoted words, an integer beyond int64, an
 * object of more than {@value #MAX_NAMES} names or with a name given twice, nesting deeper than
 * {@value #MAX_DEPTH}, text after the value, a top-level null —
 * is refused, with the buffer as it was, and left to the slower paths, which keep their own rules for it.
 */
final class StrictJson {

    /** Objects with more names go the slower way (the duplicate check here is a linear scan). */
    static final int MAX_NAMES = 32;

    /** Deeper nesting goes the slower way. */
    static final int MAX_DEPTH = 64;

    private final String text;
    private final BasicOutputBuffer out;
    private int at;
    private int depth;

    private StrictJson(String text, BasicOutputBuffer out) {
        this.text = text;
        this.out = out;
    }

    /** Writes {@code json} as the element {@code name}; false, with {@code out} as it was, when refused. */
    static boolean write(BasicOutputBuffer out, String name, String json) {
        int mark = out.getPosition();
        StrictJson p = new StrictJson(json, out);
        try {
            p.space();
            if (p.peek() != 'n' && p.value(name) && p.atEnd()) {
                return true;
            }
        } catch (Refused | RuntimeException e) {
            // left to the slower path, which reads (or reports) it its own way
        }
        out.truncateToPosition(mark);
        return false;
    }

    /** Thrown where the text leaves the grammar this reader takes. */
    private static final class Refused extends Exception {
        private static final Refused INSTANCE = new Refused();

        private Refused() {
            super(null, null, false, false);
        }
    }

    private boolean atEnd() {
        space();
        return at == text.length();
    }

    private int peek() {
        return at < text.length() ? text.charAt(at) : -1;
    }

    private void space() {
        int n = text.length();
        while (at < n) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    private void expect(char c) throws Refused {
        if (peek() != c) {
            throw Refused.INSTANCE;
        }
        at++;
    }

    private boolean value(String name) throws Refused {
        if (++depth > MAX_DEPTH) {
            throw Refused.INSTANCE;
        }
        try {
            return element(name);
        } finally {
            depth--;
        }
    }

    private boolean element(String name) throws Refused {
        int c = peek();
        switch (c) {
            case '{' -> object(name);
            case '[' -> array(name);
            case '"' -> {
                at++;
                BsonEncoding.name(out, BsonType.STRING, name);
                BsonEncoding.stringValue(out, string());
            }
            case 't' -> {
                word("true");
                BsonEncoding.bool(out, name, true);
            }
            case 'f' -> {
                word("false");
                BsonEncoding.bool(out, name, false);
            }
            case 'n' -> {
                word("null");
                BsonEncoding.nullValue(out, name);
            }
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    return false;
                }
                number(name);
            }
        }
        return true;
    }

    private void word(String w) throws Refused {
        if (!text.startsWith(w, at)) {
            throw Refused.INSTANCE;
        }
        at += w.length();
    }

    private void object(String name) throws Refused {
        at++;
        BsonEncoding.name(out, BsonType.DOCUMENT, name);
        int doc = BsonEncoding.start(out);
        space();
        if (peek() == '}') {
            at++;
            BsonEncoding.end(out, doc);
            return;
        }
        String[] names = new String[MAX_NAMES];
        int count = 0;
        while (true) {
            space();
            expect('"');
            String field = string();
            for (int i = 0; i < count; i++) {
                if (names[i].equals(field)) {
                    throw Refused.INSTANCE; // the document path keeps the last value at the first place
                }
            }
            if (count == MAX_NAMES) {
                throw Refused.INSTANCE;
            }
            names[count++] = field;
            space();
            expect(':');
            space();
            if (!value(field)) {
                throw Refused.INSTANCE;
            }
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                BsonEncoding.end(out, doc);
                return;
            }
        }
    }

    private void array(String name) throws Refused {
        at++;
        BsonEncoding.name(out, BsonType.ARRAY, name);
        int doc = BsonEncoding.start(out);
        space();
        if (peek() == ']') {
            at++;
            BsonEncoding.end(out, doc);
            return;
        }
        for (int i = 0;; i++) {
            space();
            if (!value(Integer.toString(i))) {
                throw Refused.INSTANCE;
            }
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                BsonEncoding.end(out, doc);
                return;
            }
        }
    }

    /** The string whose opening quote was just read; the position ends after its closing quote. */
    private String string() throws Refused {
        int start = at;
        int n = text.length();
        while (at < n) {
            char c = text.charAt(at);
            if (c == '"') {
                return text.substring(start, at++);
            }
            if (c == '\\') {
                return escaped(start);
            }
            if (c < 0x20) {
                throw Refused.INSTANCE; // not strict JSON
            }
            at++;
        }
        throw Refused.INSTANCE;
    }

    private String escaped(int start) throws Refused {
        StringBuilder sb = new StringBuilder(at - start + 16).append(text, start, at);
        int n = text.length();
        while (at < n) {
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw Refused.INSTANCE;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= n) {
                throw Refused.INSTANCE;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > n) {
                        throw Refused.INSTANCE;
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(at++), 16);
                        if (d < 0) {
                            throw Refused.INSTANCE;
                        }
                        v = v * 16 + d;
                    }
                    sb.append((char) v); // one character per escape, surrogate halves included, as the driver reads it
                }
                default -> throw Refused.INSTANCE;
            }
        }
        throw Refused.INSTANCE;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number(String name) throws Refused {
        int start = at;
        boolean negative = peek() == '-';
        if (negative) {
            at++;
        }
        int digitsFrom = at;
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        int digitsTo = at;
        boolean fraction = false;
        if (peek() == '.') {
            at++;
            digits();
            fraction = true;
        }
        int c = peek();
        if (c == 'e' || c == 'E') {
            at++;
            c = peek();
            if (c == '+' || c == '-') {
                at++;
            }
            digits();
            fraction = true;
        }
        if (fraction) {
            BsonEncoding.float64(out, name, Double.parseDouble(text.substring(start, at)));
            return;
        }
        long v;
        if (digitsTo - digitsFrom <= 18) {
            v = 0;
            for (int i = digitsFrom; i < digitsTo; i++) {
                v = v * 10 + (text.charAt(i) - '0');
            }
            v = negative ? -v : v;
        } else {
            v = Long.parseLong(text.substring(start, at)); // beyond int64: refused by the exception
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            BsonEncoding.int32(out, name, (int) v);
        } else {
            BsonEncoding.int64(out, name, v);
        }
    }

    /** One or more digits. */
    private void digits() throws Refused {
        int from = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == from) {
            throw Refused.INSTANCE;
        }
    }
}
