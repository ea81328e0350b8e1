package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.mapping.BsonEncoding;
import io.mysqlmongosync.mapping.TypeConverter;
import java.util.Random;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

/** Strict JSON read in one pass gives the document path's bytes; what it does not take it leaves untouched. */
class StrictJsonTest {

    private static byte[] viaDocument(String json) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        out.writeInt32(7);
        BsonEncoding.element(out, "attrs", TypeConverter.json(json, "attrs"));
        return out.toByteArray();
    }

    private static byte[] strict(String json) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        out.writeInt32(7);
        assertTrue(StrictJson.write(out, "attrs", json), json);
        return out.toByteArray();
    }

    @Test
    void strictJsonGivesTheDocumentPathsBytes() {
        for (String json : new String[] {
                "{}", "[]", " [ ] ", "{\"a\":{}}", "[[],{}]", "0", "-0", "7", "-7", "2147483647", "2147483648",
                "-2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "123456789012345678",
                "0.0", "-0.0", "1.5", "1e3", "1E+3", "1e-3", "-2.5E-7", "1e400", "0.1e1", "123456789012345678901.5",
                "true", "false", "\"\"", "\"plain\"", "\"é ü 😀 \\u00e9 \\ud83d\\ude00 \\ud83d alone \\ude00\"",
                "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00FF\\uabcd\"", "\"\\u0000 zero inside\"",
                "{\"color\": \"red\", \"size\": 42, \"tags\": [\"a\", \"b\"], \"ok\": true, \"none\": null}",
                "{\"nested\": {\"deep\": [1, 2.5, -3, 1e10, 12345678901, {\"x\": false}]}}",
                "{\"ünï\": 1, \"esc\\\"aped\\n\": [null, null]}", "\t{\r\n\"a\" : 1 ,\"b\":2}\n"}) {
            assertArrayEquals(viaDocument(json), strict(json), json);
        }
    }

    @Test
    void randomStrictDocumentsGiveTheDocumentPathsBytes() {
        Random random = new Random(20261130L);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            object(random, sb, 0);
            String json = sb.toString();
            assertArrayEquals(viaDocument(json), strict(json), json);
        }
    }

    @Test
    void refusesWhatIsNotStrictLeavingTheBufferAsItWas() {
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i <= StrictJson.MAX_NAMES; i++) {
            wide.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
        for (String json : new String[] {
                "null", "{\"a\": 1, \"a\": 2}", "{'a': 1}", "{a: 1}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1",
                "-", "1e", "-Infinity", "NaN", "tru", "nul", "\"open", "\"bad \\x escape\"", "\"\\u12\"",
                "\"raw\ttab\"", "{\"a\": 1}}", "1 2", "\u00a0 1", "99999999999999999999", "[1 2]", "{\"a\" 1}",
                "{\"a\\u0000b\": 1}", wide.append('}').toString(), deep, ""}) {
            BasicOutputBuffer out = new BasicOutputBuffer();
            out.writeInt32(7);
            assertFalse(StrictJson.write(out, "attrs", json), json);
            assertEquals(4, out.getPosition(), json);
        }
    }

    private static void value(Random r, StringBuilder sb, int depth) {
        switch (r.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> sb.append(r.nextBoolean() ? "true" : "false");
            case 1 -> sb.append("null");
            case 2 -> sb.append(switch (r.nextInt(4)) {
                case 0 -> Integer.toString(r.nextInt());
                case 1 -> Long.toString(r.nextLong());
                case 2 -> Long.toString(r.nextBoolean() ? Integer.MAX_VALUE + 1L : Integer.MIN_VALUE - 1L);
                default -> Integer.toString(r.nextInt(100));
            });
            case 3 -> {
                double d = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                sb.append(r.nextBoolean() ? Double.toString(d) : String.format(java.util.Locale.ROOT, "%.6e", d));
            }
            case 4, 5 -> string(r, sb);
            case 6 -> object(r, sb, depth + 1);
            default -> {
                sb.append('[');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : r.nextBoolean() ? "," : " , ");
                    value(r, sb, depth + 1);
                }
                sb.append(']');
            }
        }
    }

    private static void object(Random r, StringBuilder sb, int depth) {
        sb.append(r.nextBoolean() ? "{" : "{ ");
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"f").append(i);
            if (r.nextInt(4) == 0) {
                sb.append("\\u00e9\\n");
            }
            sb.append(r.nextBoolean() ? "\":" : "\" :\n");
            value(r, sb, depth);
        }
        sb.append('}');
    }

    private static void string(Random r, StringBuilder sb) {
        sb.append('"');
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0 -> sb.append("\\\"");
                case 1 -> sb.append("\\\\");
                case 2 -> sb.append("\\n");
                case 3 -> sb.append(String.format("\\u%04x", r.nextInt(0x10000)));
                case 4 -> sb.append((char) (0xa0 + r.nextInt(0x2000)));
                case 5 -> sb.append("😀");
                default -> sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        sb.append('"');
    }
}
