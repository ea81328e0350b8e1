package io.mysqlmongosync.source;

/**
 * A position in a JSON text and the strict RFC 8259 tokens read from it for {@link StrictJson}: whitespace,
 * punctuation, literal words, strings (escapes decoded as the driver's {@code JsonReader} decodes them) and
 * numbers. Text outside that grammar throws {@link Refused}.
 */
final class JsonCursor {

    /** Thrown where the text leaves the grammar this reader takes. */
    static final class Refused extends Exception {
        static final Refused INSTANCE = new Refused();

        private Refused() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private int at;

    JsonCursor(String text) {
        this.text = text;
    }

    /** The next character, or -1 at the end. */
    int peek() {
        return at < text.length() ? text.charAt(at) : -1;
    }

    /** Steps over the next character. */
    void skip() {
        at++;
    }

    /** Steps over JSON whitespace (space, tab, CR, LF). */
    void space() {
        int n = text.length();
        while (at < n) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    /** Whether only whitespace is left. */
    boolean atEnd() {
        space();
        return at == text.length();
    }

    void expect(char c) throws Refused {
        if (peek() != c) {
            throw Refused.INSTANCE;
        }
        at++;
    }

    /** Steps over {@code w} ({@code true}, {@code false}, {@code null}). */
    void word(String w) throws Refused {
        if (!text.startsWith(w, at)) {
            throw Refused.INSTANCE;
        }
        at += w.length();
    }

    /** The string whose opening quote was just read; the position ends after its closing quote. */
    String string() throws Refused {
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
                case 'u' -> sb.append(unicodeEscape());
                default -> throw Refused.INSTANCE;
            }
        }
        throw Refused.INSTANCE;
    }

    /** The four hex digits after {@code \\u}: one character, a surrogate half included, as the driver reads it. */
    private char unicodeEscape() throws Refused {
        if (at + 4 > text.length()) {
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
        return (char) v;
    }

    /**
     * Steps over a number, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, starting here; true when it
     * has a fraction or an exponent (read it with {@link #decimal}), false for an integer ({@link #integer}).
     */
    boolean number() throws Refused {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
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
        return fraction;
    }

    /** The position, for {@link #decimal} and {@link #integer}. */
    int position() {
        return at;
    }

    /** The number with a fraction or exponent just read from {@code start}. */
    double decimal(int start) {
        return Double.parseDouble(text.substring(start, at));
    }

    /** The integer just read from {@code start}; beyond int64 a {@link NumberFormatException}. */
    long integer(int start) {
        boolean negative = text.charAt(start) == '-';
        int from = negative ? start + 1 : start;
        if (at - from > 18) {
            return Long.parseLong(text.substring(start, at));
        }
        long v = 0;
        for (int i = from; i < at; i++) {
            v = v * 10 + (text.charAt(i) - '0');
        }
        return negative ? -v : v;
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
