package io.mysqlmongosync.target;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * A stable hash of a document's content: MD5 over its BSON encoding (field order is the column order,
 * so the same row always gives the same bytes). Types count: Decimal128 1.50 and double 1.5 differ.
 *
 * <p>The value types rows are converted to are written straight to the BSON writer, with the same calls the
 * driver's {@link DocumentCodec} makes, so the bytes and therefore the stored hashes are unchanged; this skips
 * the codec-registry look-up per value, which made hashing the second-largest cost of a load. A document holding
 * any other type is encoded by the codec itself.
 */
public final class ContentHash {

    private static final DocumentCodec CODEC = new DocumentCodec();
    private static final EncoderContext CONTEXT = EncoderContext.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(ContentHash::md5);
    private static final ThreadLocal<BasicOutputBuffer> BUFFER = ThreadLocal.withInitial(() -> new BasicOutputBuffer(512));

    private ContentHash() {
    }

    /** The hex hash of {@code document}. */
    public static String of(Document document) {
        BasicOutputBuffer buffer = BUFFER.get();
        buffer.truncateToPosition(0);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            if (simple(document)) {
                writeDocument(writer, document);
            } else {
                CODEC.encode(writer, document, CONTEXT);
            }
        }
        MessageDigest md5 = MD5.get();
        md5.reset();
        md5.update(buffer.getInternalBuffer(), 0, buffer.getPosition());
        if (buffer.getSize() > 1 << 20) {
            BUFFER.remove(); // do not keep a huge buffer per thread after one huge row
        }
        return HEX.formatHex(md5.digest());
    }

    /** Whether every value, nested ones included, is of a type {@link #writeValue} writes itself. */
    private static boolean simple(Object v) {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
                || v instanceof Boolean || v instanceof Date || v instanceof Decimal128 || v instanceof Binary) {
            return true;
        }
        if (v instanceof Document d) {
            for (Map.Entry<String, Object> e : d.entrySet()) {
                if (!simple(e.getValue())) {
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

    private static void writeDocument(BsonWriter w, Document d) {
        w.writeStartDocument();
        for (Map.Entry<String, Object> e : d.entrySet()) {
            w.writeName(e.getKey());
            writeValue(w, e.getValue());
        }
        w.writeEndDocument();
    }

    /** The calls of the driver's codecs for these types (DateCodec, BinaryCodec, CollectionCodec, ...). */
    private static void writeValue(BsonWriter w, Object v) {
        if (v == null) {
            w.writeNull();
        } else if (v instanceof String s) {
            w.writeString(s);
        } else if (v instanceof Integer i) {
            w.writeInt32(i);
        } else if (v instanceof Long l) {
            w.writeInt64(l);
        } else if (v instanceof Double x) {
            w.writeDouble(x);
        } else if (v instanceof Boolean b) {
            w.writeBoolean(b);
        } else if (v instanceof Date t) {
            w.writeDateTime(t.getTime());
        } else if (v instanceof Decimal128 x) {
            w.writeDecimal128(x);
        } else if (v instanceof Binary b) {
            w.writeBinaryData(new BsonBinary(b.getType(), b.getData()));
        } else if (v instanceof Document d) {
            writeDocument(w, d);
        } else {
            w.writeStartArray();
            for (Object o : (Collection<?>) v) {
                writeValue(w, o);
            }
            w.writeEndArray();
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
