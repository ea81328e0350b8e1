package io.mysqlmongosync.testing.model;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * The MongoDB model of the inventory collection: a composite key (product, warehouse) becomes an {@code _id}
 * sub-document. Writes go through the engine's bulk writer; this entity is for typed reads and documentation.
 */
@MongoEntity(collection = "inventory")
public class InventoryItem extends PanacheMongoEntityBase {

    /** The composite primary key. */
    public static class Key {
        /** Reference to products._id. */
        @BsonProperty("product_id")
        public Long productId;

        /** Warehouse code. */
        public String warehouse;
    }

    /** The primary key. */
    @BsonId
    public Key id;

    /** Units on hand. */
    public Integer quantity;

    /** Units reserved by open orders. */
    public Integer reserved;

    /** Last change in MySQL. */
    @BsonProperty("updated_at")
    public Date updatedAt;

    /** Sync metadata. */
    @BsonProperty("_sync")
    public SyncMetadata sync;
}
