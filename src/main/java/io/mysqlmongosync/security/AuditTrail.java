package io.mysqlmongosync.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.sink.state.AuditDocument;
import io.mysqlmongosync.sink.state.AuditRepository;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit trail of control actions: who (principal name or "anonymous"), what, when, from where, and the
 * answer's status code, in the MongoDB collection {@code _sync_audit} ({@link AuditDocument}) and as an INFO log line with
 * {@code mdc.audit=true}. Append-only through the API: no endpoint updates or deletes entries. Bounded: entries
 * expire after SYNC_API_AUDIT_RETENTION_DAYS (a TTL index), the oldest beyond SYNC_API_AUDIT_MAX_ENTRIES are
 * removed, paths are stored cut to {@link #MAX_PATH_CHARS}, and refused calls (4xx) are recorded at most
 * SYNC_API_AUDIT_REFUSED_PER_MINUTE times a minute: anyone who can reach the port can cause them, so the rest are
 * only counted ({@code sync_audit_unrecorded_total}). If MongoDB cannot take an entry, the log line still records it.
 */
@ApplicationScoped
@Startup // created at start-up; its SYNC_API_AUDIT_* values are checked before, by EnvironmentValueRules
public class AuditTrail {

    /** The collection name. */
    public static final String COLLECTION = AuditDocument.COLLECTION;
    private static final long STORE_WAIT_MILLIS = 1000;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "audit-writer");
                t.setDaemon(true);
                return t;
            });
    /** Longest path (and action) stored. */
    public static final int MAX_PATH_CHARS = 200;
    private static final Logger LOG = Logger.getLogger("io.mysqlmongosync.audit");
    private static final int TRIM_EVERY = 100;

    private final AuditRepository repository;
    private final MeterRegistry registry;
    private final long retentionSeconds;
    private final int maxEntries;
    private final int refusedPerMinute;
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong refusedInWindow = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private volatile boolean indexed;

    AuditTrail(AuditRepository repository, MeterRegistry registry, ApiSecurityConfig config) {
        this.repository = repository;
        this.registry = registry;
        this.retentionSeconds = TimeUnit.DAYS.toSeconds(config.auditRetentionDays());
        this.maxEntries = config.auditMaxEntries();
        this.refusedPerMinute = config.auditRefusedPerMinute();
    }

    /**
     * Records one action.
     *
     * @param who principal name, or "anonymous"
     * @param action what was asked ({@code trigger}, {@code pause}, {@code reset}, ...)
     * @param method HTTP method, or {@code internal} for actions not taken over HTTP
     * @param path request path
     * @param from remote address
     * @param status the answer's HTTP status code
     * @param detail extra facts (run id, tables), may be null; never a secret
     */
    public void record(String who, String action, String method, String path, String from, int status,
            Map<String, Object> detail) {
        if (status >= 400 && status < 500 && !refusedAllowed()) {
            countUnrecorded("rate_limit");
            return;
        }
        String result = status < 400 ? "success" : status == 401 ? "unauthenticated" : status == 403 ? "forbidden"
                : "failed";
        String storedPath = cut(path);
        String storedAction = cut(action);
        Document entry = new Document("at", new Date()).append("who", who).append("action", storedAction)
                .append("method", method).append("path", storedPath).append("from", from).append("status", status)
                .append("result", result);
        if (detail != null && !detail.isEmpty()) {
            entry.append("detail", new Document(detail));
        }
        MDC.put("audit", "true");
        MDC.put("who", who);
        MDC.put("action", storedAction);
        MDC.put("status", String.valueOf(status));
        try {
            LOG.infof("AUDIT %s %s %s by %s from %s -> %d %s", storedAction, method, storedPath, who, from, status,
                    result);
        } finally {
            MDC.remove("audit");
            MDC.remove("who");
            MDC.remove("action");
            MDC.remove("status");
        }
        // The answer waits for the entry only briefly: during a MongoDB outage it would wait for server selection.
        java.util.concurrent.Future<?> stored = writer.submit(() -> {
            ensureIndexes();
            repository.append(entry);
            if (inserts.incrementAndGet() % TRIM_EVERY == 0) {
                repository.trim(maxEntries);
            }
        });
        try {
            stored.get(STORE_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("Audit entry not stored in %s within %d ms (MongoDB slow or unreachable); the log line above"
                    + " records it, and it is stored when MongoDB answers", COLLECTION, STORE_WAIT_MILLIS);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warnf("Audit entry could not be stored in %s (%s); the log line above records it", COLLECTION,
                    e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts a call that is not written to the trail ({@code rate_limit}, {@code http_guard}). */
    public void countUnrecorded(String reason) {
        Counter.builder(SyncMetrics.AUDIT_UNRECORDED)
                .description("Control-API calls not written to the audit collection, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** The newest {@code limit} entries, newest first, as plain JSON values. */
    public List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document d : repository.newest(limit)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", String.valueOf(d.get("_id")));
            d.forEach((k, v) -> {
                if (!k.equals("_id")) {
                    e.put(k, v instanceof Date date ? date.toInstant().toString() : v);
                }
            });
            out.add(e);
        }
        return out;
    }

    /** One more refused call may be recorded in the current minute. */
    private boolean refusedAllowed() {
        long minute = System.currentTimeMillis() / 60_000;
        long current = window.get();
        if (current != minute && window.compareAndSet(current, minute)) {
            refusedInWindow.set(0);
        }
        return refusedInWindow.incrementAndGet() <= refusedPerMinute;
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_PATH_CHARS ? s : s.substring(0, MAX_PATH_CHARS) + "...";
    }

    private void ensureIndexes() {
        if (!indexed) {
            repository.ensureIndexes(retentionSeconds);
            indexed = true;
        }
    }
}
