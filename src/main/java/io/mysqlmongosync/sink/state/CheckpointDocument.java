package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import java.util.List;
import org.bson.BsonArray;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * One table's document in {@code _sync_checkpoints}. A checkpoint reset leaves only {@code _id}, {@code lease_epoch}
 * and {@code reset_at} (then {@link #phase} is null); the pass counter lives in the same document.
 */
@MongoEntity(collection = CheckpointDocument.COLLECTION)
public class CheckpointDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_checkpoints";

    /** The table name. */
    @BsonId
    public String table;
    /** {@code INITIAL} or {@code INCREMENTAL}; null for a reset marker or a pass counter alone. */
    public String phase;
    /** The database clock read before the initial load started. */
    @BsonProperty("load_clock")
    public String loadClock;
    /** Last key written by an unsplit initial load. */
    @BsonProperty("load_position")
    public BsonArray loadPosition;
    /** Last (change time, key) written by incremental passes. */
    public BsonArray cursor;
    /** Last (created time, key) written by the scan of rows whose change column is NULL. */
    @BsonProperty("null_cursor")
    public BsonArray nullCursor;
    /** The ranges of a split initial load, as sub-documents {@code r0}, {@code r1}, ... */
    @BsonProperty("load_ranges")
    public Document loadRanges;
    /** The epoch of the lease the checkpoint was last written under. */
    @BsonProperty("lease_epoch")
    public Long leaseEpoch;
    /** Finished passes of the table. */
    public Long passes;
    /** When the checkpoint was last saved. */
    @BsonProperty("saved_at")
    public Date savedAt;
    /** When a new lease holder last claimed the checkpoint. */
    @BsonProperty("claimed_at")
    public Date claimedAt;
    /** When the checkpoint was reset. */
    @BsonProperty("reset_at")
    public Date resetAt;

    /** A stored key field as Java values, or null. */
    public static List<Object> key(BsonArray stored) {
        return BsonValues.list(stored);
    }
}
