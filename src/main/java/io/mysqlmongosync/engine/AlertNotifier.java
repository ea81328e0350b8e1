package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.events.RunEvents;
import io.mysqlmongosync.metrics.SyncMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Raises an alert: an ERROR log event carrying {@code alert=true}, the {@code sync_alerts_total} metric, and a
 * JSON POST to SYNC_ALERT_WEBHOOK_URL when set, and the run event {@code alert.raised} (or {@code alert.resolved})
 * to SYNC_EVENTS_WEBHOOK_URL when set. A failing webhook is logged, never fatal.
 */
@ApplicationScoped
public class AlertNotifier {

    private static final Logger LOG = Logger.getLogger(AlertNotifier.class);

    private final SyncConfig config;
    private final SyncMetrics metrics;
    private final RunEvents events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AlertNotifier(SyncConfig config, SyncMetrics metrics, RunEvents events) {
        this.config = config;
        this.metrics = metrics;
        this.events = events;
    }

    /** Raises an alert for {@code reason} (a short code) with an operator-facing {@code message}. */
    public void alert(String reason, String message) {
        metrics.alert(reason);
        notify(true, reason, message);
    }

    /**
     * Says that the alert {@code reason} no longer holds: an INFO log event carrying {@code alert_resolved=true} and,
     * when SYNC_ALERT_WEBHOOK_URL is set, the same JSON as the alert with {@code "alert": false, "resolved": true}.
     */
    public void resolved(String reason, String message) {
        notify(false, reason, message);
    }

    /**
     * Raises the alert {@code reason} for {@code table}, which is now blocked, and sends the run event
     * {@code table.blocked} as well as the alert's.
     */
    public void blocked(String table, String reason, String message) {
        alert(reason, message);
        events.tableBlocked(table, reason, message);
    }

    /** Logs (ERROR for a raised alert, INFO for a resolved one, with the alert's MDC fields) and posts the event. */
    private void notify(boolean raised, String reason, String message) {
        String flag = raised ? "alert" : "alert_resolved";
        MDC.put(flag, "true");
        MDC.put("alert_reason", reason);
        try {
            LOG.logf(raised ? Logger.Level.ERROR : Logger.Level.INFO, "%s %s: %s", raised ? "ALERT" : "RESOLVED",
                    reason, message);
        } finally {
            MDC.remove(flag);
            MDC.remove("alert_reason");
        }
        config.alertWebhookUrl().filter(u -> !u.isBlank()).ifPresent(url -> post(url, reason, message, raised));
        events.alert(raised, reason, message); // the run event alert.raised / alert.resolved (SYNC_EVENTS_WEBHOOK_URL)
    }

    private void post(String url, String reason, String message, boolean raised) {
        String body = "{\"service\":\"mysql-mongo-sync\",\"alert\":" + raised + (raised ? "" : ",\"resolved\":true")
                + ",\"reason\":" + quote(reason) + ",\"message\":" + quote(message) + ",\"time\":"
                + quote(Instant.now().toString()) + "}";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    LOG.warnf("Alert webhook failed: %s", e != null ? e.getMessage() : "HTTP " + r.statusCode());
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warnf("SYNC_ALERT_WEBHOOK_URL is not a valid URL: %s", e.getMessage());
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
