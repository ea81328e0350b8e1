package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.state.ControlStateDocument;
import io.mysqlmongosync.sink.state.ControlStateRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bson.Document;

/**
 * Persists {@link ControlState} in {@code _sync_state} ({@link ControlStateDocument}), so a restart keeps the
 * operator's last choice. The configured SYNC_ENABLED / SYNC_INTERVAL_MINUTES are remembered next to it: when a
 * deployment changes them, the new configuration wins over the stored choice (the operator's newer decision).
 *
 * <p>Several replicas (and concurrent requests) change the one document, so every change is an optimistic
 * read-modify-write ({@link #update}): the document carries a {@code version}, a write replaces it only where the
 * version is still the one read and stores version + 1, and a write that lost the race reads again and re-applies
 * its change, up to {@value #ATTEMPTS} times, then fails with {@link ControlStateConflictException} (409).
 */
@ApplicationScoped
public class ControlStateStore {

    /** The collection name. */
    public static final String COLLECTION = ControlStateDocument.COLLECTION;
    static final int ATTEMPTS = 10;

    private final ControlStateRepository repository;
    private final SyncConfig config;

    ControlStateStore(ControlStateRepository repository, SyncConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** The current state; created from configuration when none is stored or the configuration changed. */
    public ControlState load() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ControlStateDocument d = repository.read();
            if (d != null && !configChanged(d)) {
                return state(d);
            }
            ControlState fresh = new ControlState(!config.enabled(), config.enabled() ? null : "SYNC_ENABLED=false",
                    config.enabled() ? null : ControlState.BY_CONFIG, config.intervalMinutes(), Instant.now(), d == null ? null : instant(d.lastRunAt),
                    d == null ? null : d.lastStatus, d == null ? null : schedules(d.tableSchedules));
            if (repository.replace(d, document(fresh))) {
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
            ControlStateDocument d = repository.read();
            if (d == null || configChanged(d)) {
                load(); // stores the state from configuration first, as a read would
                continue;
            }
            ControlState next = change.apply(state(d));
            if (repository.replace(d, document(next))) {
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
        return ControlStateDocument.version(repository.read());
    }

    private boolean configChanged(ControlStateDocument d) {
        return !Integer.valueOf(config.intervalMinutes()).equals(d.configIntervalMinutes)
                || !Boolean.valueOf(config.enabled()).equals(d.configEnabled);
    }

    private ControlState state(ControlStateDocument d) {
        return new ControlState(Boolean.TRUE.equals(d.paused), d.pausedReason, d.pausedBy,
                d.intervalMinutes == null ? config.intervalMinutes() : d.intervalMinutes,
                instant(d.nextRunAt), instant(d.lastRunAt), d.lastStatus, schedules(d.tableSchedules));
    }

    /** The stored per-table schedules; an entry that is not a complete schedule is left out (that table is due). */
    private static Map<String, ControlState.TableSchedule> schedules(Document stored) {
        Map<String, ControlState.TableSchedule> out = new LinkedHashMap<>();
        if (stored != null) {
            stored.forEach((table, value) -> {
                if (value instanceof Document t && t.get("interval_minutes") instanceof Number minutes
                        && t.get("next_run_at") instanceof Date next) {
                    out.put(table, new ControlState.TableSchedule(minutes.intValue(), next.toInstant()));
                }
            });
        }
        return out;
    }

    private static Document schedules(Map<String, ControlState.TableSchedule> schedules) {
        if (schedules.isEmpty()) {
            return null;
        }
        Document out = new Document();
        schedules.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.append(e.getKey(),
                new Document("interval_minutes", e.getValue().intervalMinutes())
                        .append("next_run_at", Date.from(e.getValue().nextRunAt()))));
        return out;
    }

    /** {@code state} as the document to store, with the configuration it was stored under. */
    private ControlStateDocument document(ControlState state) {
        ControlStateDocument d = new ControlStateDocument();
        d.paused = state.paused();
        d.pausedReason = state.pausedReason();
        d.pausedBy = state.pausedBy();
        d.intervalMinutes = state.intervalMinutes();
        d.nextRunAt = date(state.nextRunAt());
        d.lastRunAt = date(state.lastRunAt());
        d.lastStatus = state.lastStatus();
        d.tableSchedules = schedules(state.tableSchedules());
        d.configIntervalMinutes = config.intervalMinutes();
        d.configEnabled = config.enabled();
        return d;
    }

    /** The next due time after a run that started at {@code start}. */
    static Instant next(Instant start, int intervalMinutes) {
        return start.plus(Duration.ofMinutes(intervalMinutes));
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }
}
