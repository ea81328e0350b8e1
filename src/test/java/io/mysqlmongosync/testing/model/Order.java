package io.mysqlmongosync.testing.model;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.math.BigDecimal;
import java.util.Date;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * The MongoDB model of the orders collection as the demo schema fills it (field names = column names).
 * Writes go through the engine's bulk writer; this entity is for typed reads and documentation.
 */
@MongoEntity(collection = "orders")
public class Order extends PanacheMongoEntityBase {

    /** The primary key. */
    @BsonId
    public Long id;

    /** Reference to customers._id. */
    @BsonProperty("customer_id")
    public Integer customerId;

    /** pending, paid, shipped or cancelled. */
    public String status;

    /** Order total, exact (Decimal128). */
    @BsonProperty("total_amount")
    public BigDecimal totalAmount;

    /** ISO currency code. */
    public String currency;

    /** Creation time. */
    @BsonProperty("created_at")
    public Date createdAt;

    /** Last change in MySQL. */
    @BsonProperty("updated_at")
    public Date updatedAt;

    /** Sync metadata. */
    @BsonProperty("_sync")
    public SyncMetadata sync;
}
