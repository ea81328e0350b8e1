package io.mysqlmongosync.mapping;

import java.util.Date;
import org.bson.RawBsonDocument;

/**
 * A row's whole stored document as BSON bytes, built once from the result set (see the source's
 * {@code RowConverter.encoding}).
 *
 * @param bytes the document: {@code _id}, the converted columns, {@code _sync}
 * @param hash the content hash of the converted columns, as stored in {@code _sync.hash}
 * @param syncedAtOffset where the int64 value of {@code _sync.synced_at} starts in {@code bytes}
 */
public record EncodedDocument(byte[] bytes, String hash, int syncedAtOffset) {

    /** The document with {@code _sync.synced_at} set to {@code syncedAt} (written into {@link #bytes}). */
    public RawBsonDocument at(Date syncedAt) {
        long ms = syncedAt.getTime();
        for (int i = 0; i < 8; i++) {
            bytes[syncedAtOffset + i] = (byte) (ms >>> (8 * i));
        }
        return new RawBsonDocument(bytes);
    }
}
