package io.mysqlmongosync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The most recent run events ({@value #CAPACITY}), kept in memory for {@code GET /sync/events} and the operator page,
 * whether or not SYNC_EVENTS_WEBHOOK_URL is set. Each entry holds the event's type, subject, time, id, a short
 * summary of its data (never the webhook URL or secret) and its delivery outcome, updated by the delivery thread.
 *
 * <p>Recording is one short synchronized append to a bounded ring (the oldest entry leaves when full) and never
 * throws; a restart empties it.
 */
@ApplicationScoped
public class RecentEvents {

    /** How many events are kept. */
    public static final int CAPACITY = 100;
    /** The longest summary kept, in characters. */
    static final int MAX_SUMMARY = 240;

    /** Delivery outcomes of a recorded event. */
    public enum Outcome {
        /** Waiting for delivery to the webhook. */
        QUEUED("queued"),
        /** The webhook answered 2xx. */
        DELIVERED("delivered"),
        /** Every attempt failed (non-2xx, timeout, refused connection). */
        FAILED("failed"),
        /** Dropped from a full delivery queue before it was sent. */
        DROPPED("dropped"),
        /** Recorded only: no SYNC_EVENTS_WEBHOOK_URL is configured. */
        NOT_SENT("not_sent");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        /** The name in the API. */
        public String wire() {
            return wire;
        }
    }

    /** One recorded event; its outcome changes as delivery goes on. */
    public static final class Entry {
        private final String id;
        private final String type;
        private final String subject;
        private final Instant time;
        private final String summary;
        private volatile Outcome outcome;

        Entry(String id, String type, String subject, Instant time, String summary, Outcome outcome) {
            this.id = id;
            this.type = type;
            this.subject = subject;
            this.time = time;
            this.summary = summary;
            this.outcome = outcome;
        }

        public String id() {
            return id;
        }

        public String type() {
            return type;
        }

        public String subject() {
            return subject;
        }

        public Instant time() {
            return time;
        }

        public String summary() {
            return summary;
        }

        public Outcome outcome() {
            return outcome;
        }

        void outcome(Outcome value) {
            this.outcome = value;
        }
    }

    /** Data fields the entry already shows (subject, time) or too long for a summary. */
    private static final Set<String> SKIPPED = Set.of("run_id", "verification_id", "started_at",
            "finished_at");

    private final Deque<Entry> ring = new ArrayDeque<>(CAPACITY);

    /** Records an event and returns its entry, whose outcome the caller updates. */
    Entry record(String id, String type, String subject, Instant time, ObjectNode data, Outcome outcome) {
        Entry entry = new Entry(id, type, subject, time, summary(data), outcome);
        synchronized (ring) {
            if (ring.size() >= CAPACITY) {
                ring.pollFirst();
            }
            ring.addLast(entry);
        }
        return entry;
    }

    /**
     * The newest events first, at most {@code limit}, only those whose type is {@code type} when it is not null (the
     * full type or the part after {@link RunEvents#TYPE_PREFIX}, such as {@code run.finished}).
     */
    public List<Entry> recent(int limit, String type) {
        String wanted = type == null || type.startsWith(RunEvents.TYPE_PREFIX) ? type : RunEvents.TYPE_PREFIX + type;
        List<Entry> out = new ArrayList<>(Math.min(limit, CAPACITY));
        synchronized (ring) {
            Iterator<Entry> newestFirst = ring.descendingIterator();
            while (newestFirst.hasNext() && out.size() < limit) {
                Entry e = newestFirst.next();
                if (wanted == null || wanted.equals(e.type)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The event types there are, without the prefix, in the order they are documented. */
    public static List<String> types() {
        return List.of("run.finished", "run.failed", "table.blocked", "alert.raised", "alert.resolved",
                "repair.differences");
    }

    /**
     * {@code key=value} for the data's plain fields and those of its objects one level down ({@code counts.read=3}),
     * arrays and nulls left out, cut at {@value #MAX_SUMMARY} characters.
     */
    static String summary(ObjectNode data) {
        StringBuilder s = new StringBuilder();
        append(s, "", data);
        return s.length() > MAX_SUMMARY ? s.substring(0, MAX_SUMMARY - 1) + "…" : s.toString();
    }

    private static void append(StringBuilder s, String prefix, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && s.length() <= MAX_SUMMARY; ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (SKIPPED.contains(field.getKey())) {
                continue;
            }
            if (value.isObject() && prefix.isEmpty()) {
                append(s, field.getKey() + ".", value);
            } else if (value.isValueNode() && !value.isNull()) {
                if (!s.isEmpty()) {
                    s.append(' ');
                }
                s.append(prefix).append(field.getKey()).append('=').append(value.asText());
            }
        }
    }
}
