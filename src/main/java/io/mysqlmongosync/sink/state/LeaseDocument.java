package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/** One table's lease in {@code _sync_leases}; released leases stay, expired, so the epoch never goes back. */
@MongoEntity(collection = LeaseDocument.COLLECTION)
public class LeaseDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_leases";

    /** The table name. */
    @BsonId
    public String table;
    /** The holder (a replica's SYNC_OWNER, or the checkpoint-reset marker). */
    public String owner;
    /** The fencing token. */
    public Long epoch;
    /** When the lease runs out unless renewed. */
    @BsonProperty("expires_at")
    public Date expiresAt;
    /** When the holder last renewed it. */
    @BsonProperty("renewed_at")
    public Date renewedAt;
    /** When the holder last released it. */
    @BsonProperty("released_at")
    public Date releasedAt;

    /** A new lease at epoch 1. */
    public static LeaseDocument first(String table, String owner, Date expires, Date now) {
        LeaseDocument d = new LeaseDocument();
        d.table = table;
        d.owner = owner;
        d.epoch = 1L;
        d.expiresAt = expires;
        d.renewedAt = now;
        return d;
    }

    /** The epoch of {@code d}, 0 when there is none. */
    public static long epoch(LeaseDocument d) {
        return d == null || d.epoch == null ? 0 : d.epoch;
    }
}
