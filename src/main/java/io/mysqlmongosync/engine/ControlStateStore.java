package io.mysqlmongosync.engine;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Persists {@link ControlState} in {@code _sync_state}, so a restart keeps the operator's last choice. The
 * configured SYNC_ENABLED / SYNC_INTERVAL_MINUTES are remembered next to it: when a deployment changes them,
 * the new configuration wins over the stored choice (the operator's newer decision).
 *
 * <p>Several replicas (and concurrent requests) change the one document, so every change is an optimistic
 * read-modify-write ({@link #update}): the document carries a {@code version}, a write replaces it only where the
 * version is still the one read and stores version + 1, and a write that lost the race reads again and re-applies
 * its change, up to {@value #ATTEMPTS} times, then fails with {@link ControlStateConflictException} (409).
 */
@ApplicationScoped
public class ControlStateStore {

    /** The collection name. */
    public static final String COLLECTION = "_sync_state";
    private static final String ID = "control";
    private static final String VERSION = "version";
    static final int ATTEMPTS = 10;

    private final TargetDatabase target;
    private final SyncConfig config;

    ControlStateStore(TargetDatabase target, SyncConfig config) {
        this.target = target;
        this.config = config;
    }

    /** The current state; created from configuration when none is stored or the configuration changed. */
    public ControlState load() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document d = collection().find(Filters.eq("_id", ID)).first();
            if (d != null && !configChanged(d)) {
                return state(d);
            }
            ControlState fresh = new ControlState(!config.enabled(), config.enabled() ? null : "SYNC_ENABLED=false",
                    config.intervalMinutes(), Instant.now(), d == null ? null : instant(d, "last_run_at"),
                    d == null ? null : d.getString("last_status"));
            if (replace(d, fresh)) {
                return fresh;
            }
        }
        throw new ControlStateConflictException(ATTEMPTS);
    }

    /**
     * Applies {@code change} to the stored state atomically (see the class comment) and returns the stored result.
     * {@code change} may run more than once: it must have no side effects.
     *
     * @throws ControlStateConflictException when every attempt lost the race
     */
    public ControlState update(UnaryOperator<ControlState> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document d = collection().find(Filters.eq("_id", ID)).first();
            if (d == null || configChanged(d)) {
                load(); // stores the state from configuration first, as a read would
                continue;
            }
            ControlState current = state(d);
            ControlState next = change.apply(current);
            if (replace(d, next)) {
                return next;
            }
        }
        throw new ControlStateConflictException(ATTEMPTS);
    }

    /** Stores {@code state} over whatever is stored (no version check); prefer {@link #update}. */
    public void save(ControlState state) {
        update(s -> state);
    }

    /** The stored version of the control state (0 when none), for tests and diagnostics. */
    public long version() {
        Document d = collection().find(Filters.eq("_id", ID)).first();
        return version(d);
    }

    private boolean configChanged(Document d) {
        return !Integer.valueOf(config.intervalMinutes()).equals(d.getInteger("config_interval_minutes"))
                || !Boolean.valueOf(config.enabled()).equals(d.getBoolean("config_enabled"));
    }

    private ControlState state(Document d) {
        return new ControlState(d.getBoolean("paused", false), d.getString("paused_reason"),
                d.getInteger("interval_minutes", config.intervalMinutes()),
                instant(d, "next_run_at"), instant(d, "last_run_at"), d.getString("last_status"));
    }

    private static long version(Document d) {
        return d != null && d.get(VERSION) instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Replaces {@code read} (null: none stored) by {@code state} at the next version, only if the stored document
     * is still the one read: false when another writer came first.
     */
    private boolean replace(Document read, ControlState state) {
        long version = version(read);
        Document d = new Document("_id", ID)
                .append("paused", state.paused())
                .append("paused_reason", state.pausedReason())
                .append("interval_minutes", state.intervalMinutes())
                .append("next_run_at", date(state.nextRunAt()))
                .append("last_run_at", date(state.lastRunAt()))
                .append("last_status", state.lastStatus())
                .append("config_interval_minutes", config.intervalMinutes())
                .append("config_enabled", config.enabled())
                .append("updated_at", new Date())
                .append(VERSION, version + 1);
        if (read == null) {
            try {
                collection().insertOne(d);
                return true;
            } catch (MongoWriteException e) {
                if (io.mysqlmongosync.sink.DuplicateKey.is(e)) {
                    return false; // another writer created it first
                }
                throw e;
            }
        }
        // A document written before versions existed has none: match exactly that.
        Bson sameVersion = read.containsKey(VERSION) ? Filters.eq(VERSION, read.get(VERSION))
                : Filters.exists(VERSION, false);
        return collection().replaceOne(Filters.and(Filters.eq("_id", ID), sameVersion), d).getMatchedCount() == 1;
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
