package io.mysqlmongosync.sink;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Where each table's scheduled repair stands, in {@value CheckpointStore#COLLECTION} as {@code _id: repair:<table>}
 * (next to the table's checkpoint, as the reverse direction's {@code reverse:<table>}): the key the row walk resumes
 * after, the {@code _id} the document walk resumes after, when the next repair is due, how many repairs in a row
 * found differences and the figures of the last one. Written by the replica holding the table's lease, after the
 * repair; read by every replica for the schedule and the status.
 */
@ApplicationScoped
public class RepairProgressStore {

    private static final String PREFIX = "repair:";

    private final TargetDatabase target;

    RepairProgressStore(TargetDatabase target) {
        this.target = target;
    }

    /**
     * One table's repair state.
     *
     * @param rowsAfter the primary key (raw values) the next row walk starts after; null: from the first row
     * @param docsAfter the {@code _id} the next document walk starts after; null: from the first document
     * @param nextAt when the next scheduled repair is due; null: now
     * @param intervalMinutes the interval {@code nextAt} was computed with; 0 when unknown
     * @param streak repairs in a row that found differences
     * @param last the figures of the last repair, or null before the first
     */
    public record Progress(Object[] rowsAfter, Object docsAfter, Instant nextAt, int intervalMinutes, int streak,
            Last last) {

        /** Before the first repair. */
        public static final Progress NONE = new Progress(null, null, null, 0, 0, null);

        /**
         * When the next repair is due with {@code minutes} as the interval: {@link #nextAt}, or, when the interval
         * changed since it was stored, one new interval after the last start; null: now.
         */
        public Instant nextAt(int minutes) {
            if (nextAt == null || intervalMinutes <= 0 || intervalMinutes == minutes) {
                return nextAt;
            }
            return nextAt.minusSeconds(60L * intervalMinutes).plusSeconds(60L * minutes);
        }
    }

    /**
     * The figures of one repair.
     *
     * @param status {@code done}, {@code failed} or {@code skipped}
     * @param wrapped whether the row walk reached the end of the table (the next one starts at the first row)
     */
    public record Last(Instant startedAt, Instant finishedAt, String status, long checked, long missing, long extra,
            long different, long repaired, boolean wrapped, String error) {
    }

    /** The state of {@code table}; {@link Progress#NONE} before its first repair. */
    public Progress load(String table) {
        return loadAll(List.of(table)).getOrDefault(table, Progress.NONE);
    }

    /** The state of each of {@code tables} that has one, by table. */
    public Map<String, Progress> loadAll(Collection<String> tables) {
        List<String> ids = new ArrayList<>(tables.size());
        tables.forEach(t -> ids.add(PREFIX + t));
        Map<String, Progress> out = new HashMap<>();
        for (Document d : collection().find(Filters.in("_id", ids))) {
            out.put(d.getString("_id").substring(PREFIX.length()), decode(d));
        }
        return out;
    }

    /** Stores the state of {@code table} (replacing the one before). */
    public void save(String table, Progress p) {
        Document d = new Document("_id", PREFIX + table)
                .append("rows_after", p.rowsAfter() == null ? null : KeyCodec.encode(p.rowsAfter()))
                .append("docs_after", p.docsAfter())
                .append("next_at", date(p.nextAt()))
                .append("interval_minutes", p.intervalMinutes())
                .append("streak", p.streak());
        Last l = p.last();
        if (l != null) {
            d.append("last", new Document("started_at", date(l.startedAt())).append("finished_at", date(l.finishedAt()))
                    .append("status", l.status()).append("checked", l.checked()).append("missing", l.missing())
                    .append("extra", l.extra()).append("different", l.different()).append("repaired", l.repaired())
                    .append("wrapped", l.wrapped()).append("error", l.error()));
        }
        collection().replaceOne(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
    }

    private static Progress decode(Document d) {
        List<?> rows = d.getList("rows_after", Object.class);
        Document l = d.get("last", Document.class);
        Last last = l == null ? null : new Last(instant(l.getDate("started_at")), instant(l.getDate("finished_at")),
                l.getString("status"), number(l, "checked"), number(l, "missing"), number(l, "extra"),
                number(l, "different"), number(l, "repaired"), Boolean.TRUE.equals(l.getBoolean("wrapped")),
                l.getString("error"));
        return new Progress(rows == null ? null : KeyCodec.decode(rows), d.get("docs_after"),
                instant(d.getDate("next_at")), (int) number(d, "interval_minutes"), (int) number(d, "streak"), last);
    }

    private static long number(Document d, String field) {
        return d.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private MongoCollection<Document> collection() {
        return target.collection(CheckpointStore.COLLECTION);
    }
}
