package io.mysqlmongosync.testing.model;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.math.BigDecimal;
import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * The MongoDB model of the products collection as the demo schema fills it (field names = column names).
 * Writes go through the engine's bulk writer; this entity is for typed reads and documentation.
 */
@MongoEntity(collection = "products")
public class Product extends PanacheMongoEntityBase {

    /** The primary key. */
    @BsonId
    public Long id;

    /** Stock keeping unit. */
    public String sku;

    /** Display name. */
    public String name;

    /** Long description. */
    public String description;

    /** Reference to categories._id. */
    @BsonProperty("category_id")
    public Integer categoryId;

    /** Price, exact (Decimal128). */
    public BigDecimal price;

    /** Whether the product is for sale. */
    @BsonProperty("is_active")
    public Boolean isActive;

    /** draft, active or archived. */
    public String status;

    /** Last change in MySQL. */
    @BsonProperty("updated_at")
    public Date updatedAt;

    /** Sync metadata. */
    @BsonProperty("_sync")
    public SyncMetadata sync;
}
