package io.mysqlmongosync.engine.port;

import java.util.Collection;
import java.util.Map;
import org.bson.BsonBinaryReader;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;

/**
 * A document ready to write.
 *
 * @param id its {@code _id}
 * @param document the full document, including {@code _id} and {@code _sync}; null when {@code raw} holds it
 * @param hash the hash of its data fields, stored as {@code _sync.hash}; equal hashes mean nothing to write
 * @param version the source change time in microseconds, stored as {@code _sync.version}
 * @param raw the full document as BSON bytes, encoded once from the source row, or null
 */
public record TargetDocument(Object id, Document document, String hash, long version, RawBsonDocument raw) {

    /**
     * The largest document MongoDB stores, in bytes of BSON (16 MiB). The driver refuses a larger one before it
     * sends anything, and with it the whole bulk write it is part of.
     */
    public static final int MAX_BSON_BYTES = 16 * 1024 * 1024;

    /** A document built as a map. */
    public TargetDocument(Object id, Document document, String hash, long version) {
        this(id, document, hash, version, null);
    }

    /** The document as a map (decoded from {@link #raw} when it is held as bytes: conflicts only). */
    public Document asDocument() {
        if (document != null) {
            return document;
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(raw.getByteBuffer().asNIO())) {
            return new DocumentCodec().decode(reader, DecoderContext.builder().build());
        }
    }

    /**
     * Whether the document is larger than {@code limit} bytes of BSON. A document held as bytes is measured as it
     * is; one held as a map is first bounded from above by a walk over its values (strings at 3 bytes a character,
     * binaries at their length), which for a document far below the limit is all it costs, and only encoded to be
     * measured exactly when that bound exceeds the limit.
     */
    public boolean exceeds(int limit) {
        if (raw != null) {
            return raw.getByteBuffer().remaining() > limit;
        }
        return upperBound(document) > limit && bsonSize() > limit;
    }

    /**
     * The document's size in bytes of BSON, encoded to be measured when it is held as a map; 0 when it holds a
     * value the plain document codec cannot encode (the driver then decides, as before).
     */
    public long bsonSize() {
        if (raw != null) {
            return raw.getByteBuffer().remaining();
        }
        try {
            return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
        } catch (org.bson.codecs.configuration.CodecConfigurationException e) {
            return 0;
        }
    }

    /** At least the BSON size of {@code value} as an element (its name included); {@link Long#MAX_VALUE}: unknown. */
    private static long upperBound(Object value) {
        if (value == null || value instanceof Boolean) {
            return 1;
        }
        if (value instanceof Number || value instanceof java.util.Date || value instanceof org.bson.types.ObjectId
                || value instanceof org.bson.types.Decimal128) {
            return 16;
        }
        if (value instanceof CharSequence s) {
            return 5 + 3L * s.length();
        }
        if (value instanceof Binary b) {
            return 5 + b.length();
        }
        if (value instanceof byte[] b) {
            return 5 + b.length;
        }
        long sum = 5;
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sum = add(sum, 2 + 3L * String.valueOf(e.getKey()).length(), upperBound(e.getValue()));
            }
            return sum;
        }
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                sum = add(sum, 12, upperBound(o));
            }
            return sum;
        }
        return Long.MAX_VALUE; // another type: measured exactly
    }

    private static long add(long sum, long name, long value) {
        return value == Long.MAX_VALUE || sum == Long.MAX_VALUE ? Long.MAX_VALUE : sum + name + value;
    }
}
