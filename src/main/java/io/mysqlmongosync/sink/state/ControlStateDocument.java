package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * The one control-state document ({@code _id: "control"}) in {@code _sync_state}: the operator's choices, the
 * schedule, the configuration they were made under and the optimistic-concurrency {@code version}.
 */
@MongoEntity(collection = ControlStateDocument.COLLECTION)
public class ControlStateDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_state";
    /** The document's id. */
    public static final String ID = "control";

    /** Always {@link #ID}. */
    @BsonId
    public String id = ID;
    /** Whether scheduled runs are paused. */
    public Boolean paused;
    /** Why, or null. */
    @BsonProperty("paused_reason")
    public String pausedReason;
    /** Who or what paused it (operator, config, a critical reason, repeated_failures), or null. */
    @BsonProperty("paused_by")
    public String pausedBy;
    /** Minutes between scheduled runs. */
    @BsonProperty("interval_minutes")
    public Integer intervalMinutes;
    /** When the next scheduled run is due. */
    @BsonProperty("next_run_at")
    public Date nextRunAt;
    /** When the last run started, or null. */
    @BsonProperty("last_run_at")
    public Date lastRunAt;
    /** Status of the last finished run, or null. */
    @BsonProperty("last_status")
    public String lastStatus;
    /** The SYNC_INTERVAL_MINUTES the state was stored under. */
    @BsonProperty("config_interval_minutes")
    public Integer configIntervalMinutes;
    /** The SYNC_ENABLED the state was stored under. */
    @BsonProperty("config_enabled")
    public Boolean configEnabled;
    /** When the state was last written. */
    @BsonProperty("updated_at")
    public Date updatedAt;
    /** Grows by one on every write; absent on documents written before versions existed. */
    public Long version;
    /**
     * The schedules of the tables with their own interval: {@code {<table>: {interval_minutes, next_run_at}}};
     * absent when no table has one (the document then looks exactly as before per-table schedules existed).
     */
    @BsonProperty("table_schedules")
    public Document tableSchedules;

    /** The stored version, 0 when none. */
    public static long version(ControlStateDocument d) {
        return d == null || d.version == null ? 0 : d.version;
    }

    /** Every field, nulls included, in the order they have always been stored. */
    Document toDocument() {
        Document d = new Document("_id", id)
                .append("paused", paused)
                .append("paused_reason", pausedReason)
                .append("paused_by", pausedBy)
                .append("interval_minutes", intervalMinutes)
                .append("next_run_at", nextRunAt)
                .append("last_run_at", lastRunAt)
                .append("last_status", lastStatus)
                .append("config_interval_minutes", configIntervalMinutes)
                .append("config_enabled", configEnabled)
                .append("updated_at", updatedAt)
                .append("version", version);
        if (tableSchedules != null && !tableSchedules.isEmpty()) {
            d.append("table_schedules", tableSchedules);
        }
        return d;
    }
}
