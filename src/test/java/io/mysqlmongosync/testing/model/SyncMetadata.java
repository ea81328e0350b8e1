package io.mysqlmongosync.testing.model;

import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonProperty;

/** The {@code _sync} sub-document every synced document carries. */
public class SyncMetadata {

    /** Source table. */
    public String table;

    /** Source change time in microseconds since the epoch (last write wins on it). */
    public Long version;

    /** Hash of the document's data fields; equal hash means nothing to write. */
    public String hash;

    /** When the service wrote the document. */
    @BsonProperty("synced_at")
    public Date syncedAt;
}
