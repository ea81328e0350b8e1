package io.mysqlmongosync.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mysqlmongosync.target.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit trail of control actions: who (principal name or "anonymous"), what, when, from where, and the
 * answer's status code, in the MongoDB collection {@code _sync_audit} and as an INFO log line with
 * {@code mdc.audit=true}. Append-only: the service only inserts; no endpoint updates or deletes entries. If MongoDB
 * cannot take an entry, the log line still records it.
 */
@ApplicationScoped
public class AuditTrail {

    /** The collection name. */
    public static final String COLLECTION = "_sync_audit";
    private static final long STORE_WAIT_MILLIS = 1000;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "audit-writer");
                t.setDaemon(true);
                return t;
            });
    private static final Logger LOG = Logger.getLogger("io.mysqlmongosync.audit");

    private final TargetDatabase target;
    private volatile boolean indexed;

    AuditTrail(TargetDatabase target) {
        this.target = target;
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
        String result = status < 400 ? "success" : status == 401 ? "unauthenticated" : status == 403 ? "forbidden"
                : "failed";
        Document entry = new Document("at", new Date()).append("who", who).append("action", action)
                .append("method", method).append("path", path).append("from", from).append("status", status)
                .append("result", result);
        if (detail != null && !detail.isEmpty()) {
            entry.append("detail", new Document(detail));
        }
        MDC.put("audit", "true");
        MDC.put("who", who);
        MDC.put("action", action);
        MDC.put("status", String.valueOf(status));
        try {
            LOG.infof("AUDIT %s %s %s by %s from %s -> %d %s", action, method, path, who, from, status, result);
        } finally {
            MDC.remove("audit");
            MDC.remove("who");
            MDC.remove("action");
            MDC.remove("status");
        }
        // The answer waits for the entry only briefly: during a MongoDB outage it would wait for server selection.
        java.util.concurrent.Future<?> stored = writer.submit(() -> {
            ensureIndex();
            collection().insertOne(entry);
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

    /** The newest {@code limit} entries, newest first, as plain JSON values. */
    public List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document d : collection().find().sort(Sorts.descending("at", "_id")).limit(limit)) {
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

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }

    private void ensureIndex() {
        if (!indexed) {
            collection().createIndex(Indexes.descending("at"), new IndexOptions().name("at_desc"));
            indexed = true;
        }
    }
}
