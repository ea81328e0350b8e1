package io.mysqlmongosync.target;

import org.bson.Document;

/**
 * A document ready to write.
 *
 * @param id its {@code _id}
 * @param document the full document, including {@code _id} and {@code _sync}
 * @param hash the hash of its data fields, stored as {@code _sync.hash}; equal hashes mean nothing to write
 * @param version the source change time in microseconds, stored as {@code _sync.version}
 */
public record TargetDocument(Object id, Document document, String hash, long version) {
}
