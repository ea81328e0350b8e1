package io.mysqlmongosync.testing.model;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * The MongoDB model of the customers collection as the demo schema fills it (field names = column names).
 * Writes go through the engine's bulk writer; this entity is for typed reads and documentation.
 */
@MongoEntity(collection = "customers")
public class Customer extends PanacheMongoEntityBase {

    /** The primary key. */
    @BsonId
    public Integer id;

    /** E-mail address. */
    public String email;

    /** Full name. */
    public String name;

    /** Phone number. */
    public String phone;

    /** Creation time. */
    @BsonProperty("created_at")
    public Date createdAt;

    /** Last change in MySQL, null until the first update. */
    @BsonProperty("updated_at")
    public Date updatedAt;

    /** Sync metadata. */
    @BsonProperty("_sync")
    public SyncMetadata sync;
}
