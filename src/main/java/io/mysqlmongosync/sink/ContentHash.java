package io.mysqlmongosync.sink;

import io.mysqlmongosync.mapping.BsonEncoding;
import org.bson.Document;

/**
 * A stable hash of a document's content: MD5 over its BSON encoding (field order is the column order,
 * so the same row always gives the same bytes). Types count: Decimal128 1.50 and double 1.5 differ.
 *
 * <p>The bytes are those the driver's codec writes, produced by the same element writer that encodes a plain
 * table's rows once ({@link BsonEncoding}), so a document hashed from its map and one hashed while it is encoded
 * get the same hash, and stored hashes stay valid.
 */
public final class ContentHash {

    private ContentHash() {
    }

    /** The hex hash of {@code document}. */
    public static String of(Document document) {
        return BsonEncoding.hashOf(document);
    }
}
