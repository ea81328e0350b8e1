package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.types.ObjectId;

/** One recorded conflict in {@code _sync_conflicts}: both versions, the winner and both documents. */
@MongoEntity(collection = ConflictDocument.COLLECTION)
public class ConflictDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_conflicts";

    /** Generated on insert. */
    @BsonId
    public ObjectId id;
    /** The source table. */
    public String table;
    /** The collection the document lives in. */
    public String collection;
    /** The document's {@code _id} (any key type). */
    @BsonProperty("doc_id")
    public BsonValue docId;
    /** The source row's change time, µs since the epoch. */
    @BsonProperty("source_version")
    public Long sourceVersion;
    /** The target's change time, µs since the epoch, or null when it had none. */
    @BsonProperty("target_version")
    public Long targetVersion;
    /** {@code source} or {@code target}. */
    public String winner;
    /** The write policy that decided. */
    public String policy;
    /** The document the source row became. */
    @BsonProperty("source_document")
    public Document sourceDocument;
    /** The document as it was in MongoDB. */
    @BsonProperty("target_document")
    public Document targetDocument;
    /** When the conflict was found. */
    @BsonProperty("detected_at")
    public Date detectedAt;
}
