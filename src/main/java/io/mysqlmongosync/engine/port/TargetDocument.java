package io.mysqlmongosync.engine.port;

import org.bson.BsonBinaryReader;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;

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
}
