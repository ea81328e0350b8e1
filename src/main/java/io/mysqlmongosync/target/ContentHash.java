package io.mysqlmongosync.target;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * A stable hash of a document's content: MD5 over its BSON encoding (field order is the column order,
 * so the same row always gives the same bytes). Types count: Decimal128 1.50 and double 1.5 differ.
 */
public final class ContentHash {

    private static final DocumentCodec CODEC = new DocumentCodec();
    private static final HexFormat HEX = HexFormat.of();

    private ContentHash() {
    }

    /** The hex hash of {@code document}. */
    public static String of(Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(512);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            CODEC.encode(writer, document, EncoderContext.builder().build());
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(buffer.getInternalBuffer(), 0, buffer.getPosition());
            return HEX.formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
