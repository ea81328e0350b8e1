package io.mysqlmongosync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.ReplicaOwner;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.TableResult;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Run events: CloudEvents 1.0 in structured JSON mode ({@code Content-Type: application/cloudevents+json}) POSTed
 * to SYNC_EVENTS_WEBHOOK_URL, signed with SYNC_EVENTS_WEBHOOK_SECRET (see {@link EventSignature}).
 *
 * <p>{@link #emit} never blocks and never throws: it builds the body and puts it on a bounded in-memory queue
 * (SYNC_EVENTS_QUEUE_SIZE); when the queue is full the <em>oldest</em> waiting event is dropped (the newest state
 * is worth more to a receiver that is behind) and counted as {@code outcome="dropped"}. One daemon thread delivers
 * the queue in order: each attempt under SYNC_EVENTS_TIMEOUT_SECONDS (connect and response), at most
 * SYNC_EVENTS_MAX_ATTEMPTS attempts with a backoff starting at SYNC_EVENTS_RETRY_DELAY_MILLIS and doubling (capped
 * at 30 s); a 2xx answer is {@code delivered}, anything else after the last attempt {@code failed}. Counted in
 * {@code sync_events_total{type,outcome}} and {@code sync_events_attempts_total{result}}; waiting events in
 * {@code sync_events_queued}. Events are kept in memory only: a restart loses the ones not delivered yet.
 *
 * <p>Every event, also without a webhook ({@code not_sent}), is recorded in {@link RecentEvents} with its outcome
 * ({@code GET /sync/events}).
 */
@ApplicationScoped
public class RunEvents {

    private static final Logger LOG = Logger.getLogger(RunEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    /** The type prefix of every event. */
    public static final String TYPE_PREFIX = "io.mysqlmongosync.";
    /** A run ended with status success, partial or skipped. */
    public static final String RUN_FINISHED = TYPE_PREFIX + "run.finished";
    /** A run ended with status failed. */
    public static final String RUN_FAILED = TYPE_PREFIX + "run.failed";
    /** A table became blocked (schema drift, lost binlog position). */
    public static final String TABLE_BLOCKED = TYPE_PREFIX + "table.blocked";
    /** An alert was raised. */
    public static final String ALERT_RAISED = TYPE_PREFIX + "alert.raised";
    /** An alert no longer holds. */
    public static final String ALERT_RESOLVED = TYPE_PREFIX + "alert.resolved";
    /** A repair found (and rewrote) differing documents of a table. */
    public static final String REPAIR_DIFFERENCES = TYPE_PREFIX + "repair.differences";

    private final MeterRegistry registry;
    private final RecentEvents recent;
    private final URI url;
    private final String secret;
    private final int capacity;
    private final int maxAttempts;
    private final Duration timeout;
    private final long retryDelayMillis;
    private final String source;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private HttpClient http;
    private Thread worker;
    private volatile boolean stopped;

    /** One event waiting for delivery: its type (for the metric), id and body bytes. */
    private record Pending(String type, String id, byte[] body, RecentEvents.Entry entry) {
    }

    RunEvents(SyncConfig config, MeterRegistry registry) {
        this(config, registry, new RecentEvents());
    }

    @Inject
    RunEvents(SyncConfig config, MeterRegistry registry, RecentEvents recent) {
        this.registry = registry;
        this.recent = recent;
        String raw = config.eventsWebhookUrl().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        this.url = raw == null ? null : URI.create(raw); // validated by EnvironmentValueRules
        this.secret = config.eventsWebhookSecret().filter(s -> !s.isEmpty()).orElse(null);
        this.capacity = config.eventsQueueSize();
        this.maxAttempts = config.eventsMaxAttempts();
        this.timeout = Duration.ofSeconds(config.eventsTimeoutSeconds());
        this.retryDelayMillis = config.eventsRetryDelayMillis();
        this.source = "/mysql-mongo-sync/" + ReplicaOwner.of(config);
        Gauge.builder("sync_events_queued", this, RunEvents::queued)
                .description("Run events waiting for delivery to SYNC_EVENTS_WEBHOOK_URL").register(registry);
    }

    /**
     * Refuses a webhook without a secret (every event is signed) and logs where events go. The delivery thread starts
     * with the first event.
     */
    void check(@Observes StartupEvent event) {
        if (url != null && secret == null) {
            throw new InvalidSettingException("SYNC_EVENTS_WEBHOOK_SECRET", "must be set (or"
                    + " SYNC_EVENTS_WEBHOOK_SECRET_FILE) when SYNC_EVENTS_WEBHOOK_URL is set: every event is signed");
        }
        if (url != null) {
            // Scheme, host, port and path only: user information or a query may hold a token.
            LOG.infof("Run events go to %s://%s%s%s (queue %d, %d attempts, %d s per attempt)", url.getScheme(),
                    url.getHost(), url.getPort() < 0 ? "" : ":" + url.getPort(), url.getRawPath(), capacity,
                    maxAttempts, timeout.toSeconds());
        }
    }

    /** Whether SYNC_EVENTS_WEBHOOK_URL is set. */
    public boolean enabled() {
        return url != null;
    }

    /**
     * Records an event of {@code type} about {@code subject} with {@code data} filled in by {@code fill} in
     * {@link RecentEvents} and queues it for the webhook; without a webhook it is only recorded ({@code not_sent}).
     * Never blocks, never throws.
     */
    public void emit(String type, String subject, Consumer<ObjectNode> fill) {
        if (stopped) {
            return;
        }
        try {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            String id = UUID.randomUUID().toString();
            Instant time = Instant.now();
            event.put("specversion", "1.0");
            event.put("id", id);
            event.put("source", source);
            event.put("type", type);
            event.put("time", time.toString());
            if (subject != null) {
                event.put("subject", subject);
            }
            event.put("datacontenttype", "application/json");
            ObjectNode data = event.putObject("data");
            fill.accept(data);
            RecentEvents.Entry entry = recent.record(id, type, subject, time, data,
                    url == null ? RecentEvents.Outcome.NOT_SENT : RecentEvents.Outcome.QUEUED);
            if (url != null) {
                offer(new Pending(type, id, JSON.writeValueAsBytes(event), entry));
            }
        } catch (Exception | LinkageError e) {
            LOG.warnf("Run event %s not sent: %s", type, e.getMessage());
            count(type, "failed");
        }
    }

    /**
     * A finished run: {@link #RUN_FAILED} when its status is {@code failed}, else {@link #RUN_FINISHED}; the data
     * holds the run's status, error, row totals and each table's result.
     */
    public void run(RunResult result, String error) {
        String type = RunResult.Status.FAILED.wire().equals(result.status()) ? RUN_FAILED : RUN_FINISHED;
        emit(type, result.id(), data -> {
            data.put("run_id", result.id());
            data.put("trigger", result.trigger());
            data.put("status", result.status());
            data.put("started_at", result.startedAt().toString());
            data.put("finished_at", result.finishedAt().toString());
            data.put("duration_ms", Duration.between(result.startedAt(), result.finishedAt()).toMillis());
            if (error != null) {
                data.put("error", error);
            } else {
                data.putNull("error");
            }
            ObjectNode totals = data.putObject("counts");
            ArrayNode tables = data.putArray("tables");
            long[] sum = new long[10];
            for (TableResult t : result.tables()) {
                long[] c = {t.read(), t.created(), t.updated(), t.unchanged(), t.deleted(), t.hardDeleted(),
                    t.skipped(), t.conflict(), t.warnings(), t.reread()};
                ObjectNode table = tables.addObject();
                table.put("table", t.table());
                table.put("status", t.status());
                table.put("mode", t.mode());
                counts(table, c);
                table.put("duration_ms", t.durationMillis());
                if (t.error() != null) {
                    table.put("error", t.error());
                }
                for (int i = 0; i < c.length; i++) {
                    sum[i] += c[i];
                }
            }
            counts(totals, sum);
        });
    }

    private static void counts(ObjectNode node, long[] c) {
        node.put("read", c[0]);
        node.put("created", c[1]);
        node.put("updated", c[2]);
        node.put("unchanged", c[3]);
        node.put("deleted", c[4]);
        node.put("hard_deleted", c[5]);
        node.put("skipped", c[6]);
        node.put("conflicts", c[7]);
        node.put("warnings", c[8]);
        node.put("reread", c[9]);
    }

    /** {@code table} became blocked: {@code cause} is a short code ({@code schema}, {@code binlog_position_lost}). */
    public void tableBlocked(String table, String cause, String message) {
        emit(TABLE_BLOCKED, table, data -> {
            data.put("table", table);
            data.put("cause", cause);
            data.put("message", message);
        });
    }

    /** An alert was raised ({@code raised}) or resolved: the same reason and message as the alert webhook. */
    public void alert(boolean raised, String reason, String message) {
        emit(raised ? ALERT_RAISED : ALERT_RESOLVED, reason, data -> {
            data.put("reason", reason);
            data.put("message", message);
        });
    }

    /** A repair of {@code table} found differing documents (missing, extra or different) and repaired them. */
    public void repairDifferences(String verificationId, String table, long matching, long missing, long extra,
            long different, long repaired) {
        emit(REPAIR_DIFFERENCES, table, data -> {
            data.put("verification_id", verificationId);
            data.put("table", table);
            data.put("matching", matching);
            data.put("missing", missing);
            data.put("extra", extra);
            data.put("different", different);
            data.put("repaired", repaired);
        });
    }

    private void offer(Pending p) {
        Pending dropped = null;
        synchronized (queue) {
            if (queue.size() >= capacity) {
                dropped = queue.pollFirst();
            }
            queue.addLast(p);
            if (worker == null) {
                http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
                worker = new Thread(this::deliverAll, "sync-events");
                worker.setDaemon(true);
                worker.start();
            }
            queue.notifyAll();
        }
        if (dropped != null) {
            dropped.entry.outcome(RecentEvents.Outcome.DROPPED);
            count(dropped.type, "dropped");
            LOG.warnf("Run event queue full (SYNC_EVENTS_QUEUE_SIZE=%d): dropped the oldest event %s (%s)", capacity,
                    dropped.id, dropped.type);
        }
    }

    private int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private void deliverAll() {
        while (!stopped) {
            Pending next;
            synchronized (queue) {
                while (queue.isEmpty() && !stopped) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                next = queue.pollFirst();
            }
            try {
                deliver(next);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Run event %s (%s) not delivered: %s", next.id, next.type, e.getMessage());
                next.entry.outcome(RecentEvents.Outcome.FAILED);
                count(next.type, "failed");
            }
        }
    }

    private void deliver(Pending p) throws InterruptedException {
        String problem = null;
        long backoff = retryDelayMillis;
        for (int attempt = 1; attempt <= maxAttempts && !stopped; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Content-Type", "application/cloudevents+json")
                        .header(EventSignature.HEADER, EventSignature.sign(secret, p.body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(p.body)).build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    attempt("ok");
                    p.entry.outcome(RecentEvents.Outcome.DELIVERED);
                    count(p.type, "delivered");
                    return;
                }
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            attempt("error");
            if (attempt < maxAttempts) {
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        p.entry.outcome(RecentEvents.Outcome.FAILED);
        count(p.type, "failed");
        LOG.warnf("Run event %s (%s) not delivered after %d attempts: %s", p.id, p.type, maxAttempts, problem);
    }

    private void count(String type, String outcome) {
        Counter.builder("sync_events").description("Run events by type and outcome (delivered, failed, dropped)")
                .tags("type", type, "outcome", outcome).register(registry).increment();
    }

    private void attempt(String result) {
        Counter.builder("sync_events_attempts").description("Delivery attempts of run events (ok or error)")
                .tag("result", result).register(registry).increment();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        synchronized (queue) {
            queue.notifyAll();
        }
        if (worker != null) {
            worker.interrupt();
        }
        registry.find("sync_events_queued").meters().forEach(registry::remove);
    }
}
