package io.mysqlmongosync.engine;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.target.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Persists {@link ControlState} in {@code _sync_state}, so a restart keeps the operator's last choice. The
 * configured SYNC_ENABLED / SYNC_INTERVAL_MINUTES are remembered next to it: when a deployment changes them,
 * the new configuration wins over the stored choice (the operator's newer decision).
 */
@ApplicationScoped
public class ControlStateStore {

    /** The collection name. */
    public static final String COLLECTION = "_sync_state";
    private static final String ID = "control";

    private final TargetDatabase target;
    private final SyncConfig config;

    ControlStateStore(TargetDatabase target, SyncConfig config) {
        this.target = target;
        this.config = config;
    }

    /** The current state; created from configuration when none is stored or the configuration changed. */
    public ControlState load() {
        Document d = collection().find(Filters.eq("_id", ID)).first();
        if (d == null || !Integer.valueOf(config.intervalMinutes()).equals(d.getInteger("config_interval_minutes"))
                || !Boolean.valueOf(config.enabled()).equals(d.getBoolean("config_enabled"))) {
            ControlState fresh = new ControlState(!config.enabled(), config.enabled() ? null : "SYNC_ENABLED=false",
                    config.intervalMinutes(), Instant.now(), d == null ? null : instant(d, "last_run_at"),
                    d == null ? null : d.getString("last_status"));
            save(fresh);
            return fresh;
        }
        return new ControlState(d.getBoolean("paused", false), d.getString("paused_reason"),
                d.getInteger("interval_minutes", config.intervalMinutes()),
                instant(d, "next_run_at"), instant(d, "last_run_at"), d.getString("last_status"));
    }

    /** Stores {@code state}. */
    public void save(ControlState state) {
        Document d = new Document("_id", ID)
                .append("paused", state.paused())
                .append("paused_reason", state.pausedReason())
                .append("interval_minutes", state.intervalMinutes())
                .append("next_run_at", date(state.nextRunAt()))
                .append("last_run_at", date(state.lastRunAt()))
                .append("last_status", state.lastStatus())
                .append("config_interval_minutes", config.intervalMinutes())
                .append("config_enabled", config.enabled())
                .append("updated_at", new Date());
        collection().replaceOne(Filters.eq("_id", ID), d, new ReplaceOptions().upsert(true));
    }

    /** The next due time after a run that started at {@code start}. */
    static Instant next(Instant start, int intervalMinutes) {
        return start.plus(Duration.ofMinutes(intervalMinutes));
    }

    private static Instant instant(Document d, String field) {
        Date v = d.getDate(field);
        return v == null ? null : v.toInstant();
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }
}
