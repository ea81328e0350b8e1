package io.mysqlmongosync.testing.model;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * The MongoDB model of the categories collection as the demo schema fills it (field names = column names).
 * Writes go through the engine's bulk writer; this entity is for typed reads and documentation.
 */
@MongoEntity(collection = "categories")
public class Category extends PanacheMongoEntityBase {

    /** The primary key. */
    @BsonId
    public Integer id;

    /** Display name. */
    public String name;

    /** URL slug. */
    public String slug;

    /** Parent category, null for a root. */
    @BsonProperty("parent_id")
    public Integer parentId;

    /** Last change in MySQL. */
    @BsonProperty("updated_at")
    public Date updatedAt;

    /** Sync metadata. */
    @BsonProperty("_sync")
    public SyncMetadata sync;
}
