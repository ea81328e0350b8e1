package io.mysqlmongosync.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The binlog tables whose stream should run and does not, for {@link BinlogStreams}: since when, the restarts in a
 * row, the next attempt (a doubling back-off capped at {@value #MAX_BACKOFF_MILLIS} ms) and why; the alert
 * {@code binlog_stream_down} once a table has not streamed for {@value #DOWN_ALERT_MILLIS} ms, resolved when it
 * streams again.
 */
final class StreamTroubles {

    private static final Logger LOG = Logger.getLogger(StreamTroubles.class);
    static final long MAX_BACKOFF_MILLIS = 30_000;
    static final long DOWN_ALERT_MILLIS = 60_000;

    private final Map<String, Trouble> troubles = new ConcurrentHashMap<>();
    private final AlertNotifier alerts;

    StreamTroubles(AlertNotifier alerts) {
        this.alerts = alerts;
    }

    /** A table's stream that should run and does not: since when, its restarts in a row, and why. */
    static final class Trouble {
        final long since = System.currentTimeMillis();
        int restarts;
        long nextAttemptAt;
        String error;
        boolean alerted;

        /** Counts a restart attempt made {@code now} and schedules the next one. */
        void restarted(long now) {
            restarts++;
            nextAttemptAt = now + backoff(restarts);
        }
    }

    static long backoff(int restarts) {
        return Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(restarts, 5));
    }

    /** Notes that {@code table}'s stream should run and does not; alerts once it has not run for a while. */
    Trouble note(String table, String error, long now) {
        Trouble t = troubles.computeIfAbsent(table, k -> new Trouble());
        if (error != null) {
            t.error = error;
        }
        if (!t.alerted && now - t.since >= DOWN_ALERT_MILLIS) {
            t.alerted = true;
            alerts.alert("binlog_stream_down", "Table " + table + ": its binlog stream has not run for "
                    + (now - t.since) / 1000 + " s" + (t.error == null ? "" : ": " + t.error)
                    + ". It is restarted with back-off; check MySQL and the binlog grants (GET /sync/status).");
        }
        return t;
    }

    /** Notes that {@code table}'s stream runs (or stands by); resolves its alert if one went out. */
    void recovered(String table) {
        Trouble t = troubles.remove(table);
        if (t != null && (t.alerted || t.error != null)) {
            LOG.infof("Table %s: its binlog stream runs again after %d s", table,
                    (System.currentTimeMillis() - t.since) / 1000);
            if (t.alerted) {
                alerts.resolved("binlog_stream_down", "Table " + table + ": its binlog stream runs again");
            }
        }
    }

    /** Forgets {@code table} (blocked: reported by its own alert and status). */
    void forget(String table) {
        troubles.remove(table);
    }

    /** The trouble of {@code table}, or null. */
    Trouble of(String table) {
        return troubles.get(table);
    }

    /** How many tables are in trouble. */
    int size() {
        return troubles.size();
    }
}
