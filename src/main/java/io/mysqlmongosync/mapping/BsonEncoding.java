package io.mysqlmongosync.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import org.bson.BsonBinaryWriter;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * BSON elements written straight into an output buffer, byte for byte what the driver's {@link DocumentCodec} and
 * {@link BsonBinaryWriter} write for the value types rows are converted to (the BSON specification leaves no
 * choice for these types); any other value type is encoded by the codec itself and its bytes copied. Used to
 * encode a row's document once, with no intermediate map (see the source's {@code RowConverter.encoding}), and to
 * hash a document held as a map ({@link #hashOf}), so both paths hash the same bytes.
 */
public final class BsonEncoding {

    private static final DocumentCodec CODEC = new DocumentCodec();
    private static final EncoderContext CONTEXT = EncoderContext.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(BsonEncoding::md5);
    private static final byte[] EMPTY_DOCUMENT_END = {0};
    private static final ThreadLocal<BasicOutputBuffer> BUFFER = ThreadLocal.withInitial(() -> new BasicOutputBuffer(512));

    private BsonEncoding() {
    }

    /** Starts a document (or array): returns the position of its size, for {@link #end}. */
    public static int start(BasicOutputBuffer out) {
        int at = out.getPosition();
        out.writeInt32(0);
        return at;
    }

    /** Ends the document started at {@code at}. */
    public static void end(BasicOutputBuffer out, int at) {
        out.writeByte(0);
        out.writeInt32(at, out.getPosition() - at);
    }

    /** Writes an element's type byte and name. */
    public static void name(BasicOutputBuffer out, BsonType type, String name) {
        out.writeByte(type.getValue());
        if (ascii(name, 1)) {
            writeAscii(out, name);
            out.writeByte(0);
        } else {
            out.writeCString(name); // UTF-8, or the driver's error for a name holding a 0 character
        }
    }

    /**
     * {@code name} as {@link #name} writes it after the type byte (UTF-8 and a closing 0), encoded once for a name
     * written for every row; the driver's error when the name holds a 0 character.
     */
    public static byte[] cstring(String name) {
        BasicOutputBuffer tmp = new BasicOutputBuffer(name.length() + 1);
        tmp.writeCString(name);
        return tmp.toByteArray();
    }

    /** Writes an element's type byte and its name encoded by {@link #cstring}. */
    public static void name(BasicOutputBuffer out, BsonType type, byte[] cstring) {
        out.writeByte(type.getValue());
        out.writeBytes(cstring, 0, cstring.length);
    }

    /**
     * Writes a string value (int32 size, UTF-8, 0): the bytes of the driver's {@code writeString}. An ASCII string
     * is copied as a whole instead of character by character; any other goes through the driver's encoder, which
     * also keeps its handling of unpaired surrogates.
     */
    public static void stringValue(BasicOutputBuffer out, String v) {
        if (ascii(v, 0)) {
            out.writeInt32(v.length() + 1);
            writeAscii(out, v);
            out.writeByte(0);
        } else {
            out.writeString(v);
        }
    }

    /** Whether every character of {@code s} lies between {@code lowest} and 127. */
    private static boolean ascii(String s, int lowest) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < lowest || c > 127) {
                return false;
            }
        }
        return true;
    }

    private static void writeAscii(BasicOutputBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(bytes, 0, bytes.length);
    }

    /** Writes a null element. */
    public static void nullValue(BasicOutputBuffer out, String name) {
        name(out, BsonType.NULL, name);
    }

    /** Writes an int32 element. */
    public static void int32(BasicOutputBuffer out, String name, int v) {
        name(out, BsonType.INT32, name);
        out.writeInt32(v);
    }

    /** Writes an int64 element. */
    public static void int64(BasicOutputBuffer out, String name, long v) {
        name(out, BsonType.INT64, name);
        out.writeInt64(v);
    }

    /** Writes a double element. */
    public static void float64(BasicOutputBuffer out, String name, double v) {
        name(out, BsonType.DOUBLE, name);
        out.writeDouble(v);
    }

    /** Writes a boolean element. */
    public static void bool(BasicOutputBuffer out, String name, boolean v) {
        name(out, BsonType.BOOLEAN, name);
        out.writeByte(v ? 1 : 0);
    }

    /** Writes a string element. */
    public static void string(BasicOutputBuffer out, String name, String v) {
        name(out, BsonType.STRING, name);
        stringValue(out, v);
    }

    /** Writes a date element of {@code millis} since the epoch. */
    public static void dateTime(BasicOutputBuffer out, String name, long millis) {
        name(out, BsonType.DATE_TIME, name);
        out.writeInt64(millis);
    }

    /** One element of any value type, as the driver's codecs write it. */
    public static void element(BasicOutputBuffer out, String name, Object v) {
        if (v == null) {
            nullValue(out, name);
        } else if (v instanceof String s) {
            string(out, name, s);
        } else if (v instanceof Integer i) {
            int32(out, name, i);
        } else if (v instanceof Long l) {
            int64(out, name, l);
        } else if (v instanceof Double d) {
            float64(out, name, d);
        } else if (v instanceof Boolean b) {
            bool(out, name, b);
        } else if (v instanceof Date d) {
            dateTime(out, name, d.getTime());
        } else if (v instanceof Decimal128 d) {
            name(out, BsonType.DECIMAL128, name);
            out.writeInt64(d.getLow());
            out.writeInt64(d.getHigh());
        } else if (v instanceof Binary b) {
            binary(out, name, b);
        } else if (v instanceof Document d && simple(d)) {
            name(out, BsonType.DOCUMENT, name);
            int at = start(out);
            for (Map.Entry<String, Object> e : d.entrySet()) {
                element(out, e.getKey(), e.getValue());
            }
            end(out, at);
        } else if (v instanceof Collection<?> c && simple(c)) {
            name(out, BsonType.ARRAY, name);
            int at = start(out);
            int i = 0;
            for (Object o : c) {
                element(out, Integer.toString(i++), o);
            }
            end(out, at);
        } else {
            byCodec(out, name, v);
        }
    }

    /** {@code BsonBinaryWriter.writeBinaryData}: the old binary subtype (2) repeats the length. */
    private static void binary(BasicOutputBuffer out, String name, Binary b) {
        name(out, BsonType.BINARY, name);
        byte[] data = b.getData();
        boolean old = b.getType() == org.bson.BsonBinarySubType.OLD_BINARY.getValue();
        out.writeInt32(data.length + (old ? 4 : 0));
        out.writeByte(b.getType());
        if (old) {
            out.writeInt32(data.length);
        }
        out.writeBytes(data);
    }

    /** A value of another type: the codec encodes {@code {v: value}}, whose value bytes are copied. */
    private static void byCodec(BasicOutputBuffer out, String name, Object v) {
        BasicOutputBuffer tmp = new BasicOutputBuffer(64);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(tmp)) {
            CODEC.encode(writer, new Document("v", v), CONTEXT);
        }
        byte[] bytes = tmp.getInternalBuffer();
        // [int32 size][type]['v' 0][value ...][0]
        out.writeByte(bytes[4]);
        out.writeCString(name);
        out.writeBytes(bytes, 7, tmp.getPosition() - 8);
    }

    /** Whether every value in {@code v}, nested ones included, is of a type {@link #element} writes itself. */
    private static boolean simple(Object v) {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
                || v instanceof Boolean || v instanceof Date || v instanceof Decimal128 || v instanceof Binary) {
            return true;
        }
        if (v instanceof Document d) {
            for (Object o : d.values()) {
                if (!simple(o)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                if (!simple(o)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The content hash of the elements between {@code from} and {@code to}: MD5 over the document that holds just
     * them (the same bytes the content hash of the converted row covers), in hex.
     */
    public static String hash(BasicOutputBuffer out, int from, int to) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        int size = to - from + 5;
        md5.update(new byte[] {(byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)});
        md5.update(out.getInternalBuffer(), from, to - from);
        md5.update(EMPTY_DOCUMENT_END);
        return HEX.formatHex(md5.digest());
    }

    /**
     * The content hash of {@code document}: MD5 over its BSON encoding (the bytes the driver's codec writes), in
     * hex. Field order counts, and so do types: Decimal128 1.50 and double 1.5 differ.
     */
    public static String hashOf(Document document) {
        BasicOutputBuffer out = BUFFER.get();
        out.truncateToPosition(0);
        int at = start(out);
        for (Map.Entry<String, Object> e : document.entrySet()) {
            element(out, e.getKey(), e.getValue());
        }
        end(out, at);
        MessageDigest md5 = MD5.get();
        md5.reset();
        md5.update(out.getInternalBuffer(), 0, out.getPosition());
        if (out.getSize() > 1 << 20) {
            BUFFER.remove(); // do not keep a huge buffer per thread after one huge row
        }
        return HEX.formatHex(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
