package io.mysqlmongosync.engine;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.conversions.Bson;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Run history in {@code _sync_runs}. Bounded two ways: a TTL index on {@code started_at} (SYNC_HISTORY_DAYS)
 * and an explicit prune after every run, for servers that ignore TTL indexes.
 */
@ApplicationScoped
public class RunHistory {

    /** The collection name. */
    public static final String COLLECTION = "_sync_runs";
    private static final Logger LOG = Logger.getLogger(RunHistory.class);

    private final TargetDatabase target;
    private final SyncConfig config;
    private volatile boolean indexed;

    RunHistory(TargetDatabase target, SyncConfig config) {
        this.target = target;
        this.config = config;
    }

    /** Records a run that has started. */
    public void started(String id, String trigger, Instant at, List<String> tables, String owner) {
        ensureIndex();
        collection().replaceOne(Filters.eq("_id", id), new Document("_id", id).append("trigger", trigger)
                .append("owner", owner).append("started_at", Date.from(at)).append("status", "running")
                .append("tables", tables), new ReplaceOptions().upsert(true));
    }

    /** Records how a run ended, then prunes history older than SYNC_HISTORY_DAYS. */
    public void finished(RunResult run, String owner, String error) {
        List<Document> tables = new ArrayList<>();
        for (TableResult t : run.tables()) {
            tables.add(new Document("table", t.table()).append("status", t.status()).append("mode", t.mode())
                    .append("read", t.read()).append("created", t.created()).append("updated", t.updated())
                    .append("unchanged", t.unchanged()).append("skipped", t.skipped()).append("conflict", t.conflict())
                    .append("deleted", t.deleted()).append("hard_deleted", t.hardDeleted()).append("reread", t.reread())
                    .append("warnings", t.warnings())
                    .append("duration_ms", t.durationMillis()).append("error", t.error()));
        }
        collection().replaceOne(Filters.eq("_id", run.id()), new Document("_id", run.id()).append("trigger", run.trigger())
                .append("owner", owner).append("started_at", Date.from(run.startedAt()))
                .append("finished_at", Date.from(run.finishedAt())).append("status", run.status())
                .append("total_records", run.totalRecords()).append("results", tables).append("error", error),
                new ReplaceOptions().upsert(true));
        Instant cutoff = Instant.now().minus(Duration.ofDays(config.historyDays()));
        collection().deleteMany(Filters.lt("started_at", Date.from(cutoff)));
    }

    /**
     * Each table's latest result in the newest {@code limit} finished runs (for the status after a restart), with
     * the run id and end time.
     */
    public java.util.Map<String, SyncController.LastTableResult> lastTableResults(int limit) {
        java.util.Map<String, SyncController.LastTableResult> out = new java.util.LinkedHashMap<>();
        for (Document run : collection().find(Filters.exists("finished_at")).sort(Sorts.descending("started_at"))
                .limit(limit)) {
            Date finished = run.getDate("finished_at");
            for (Document t : run.getList("results", Document.class, List.of())) {
                String table = t.getString("table");
                if (table != null && !out.containsKey(table)) {
                    out.put(table, new SyncController.LastTableResult(String.valueOf(run.get("_id")),
                            finished == null ? null : finished.toInstant(), new TableResult(table, t.getString("status"),
                                    t.getString("mode"), n(t, "read"), n(t, "created"), n(t, "updated"), n(t, "unchanged"),
                                    n(t, "skipped"), n(t, "conflict"), n(t, "deleted"), n(t, "warnings"),
                                    n(t, "duration_ms"), t.getString("error"), null, n(t, "reread"),
                                    n(t, "hard_deleted"))));
                }
            }
        }
        return out;
    }

    private static long n(Document d, String key) {
        return d.get(key) instanceof Number v ? v.longValue() : 0;
    }

    /**
     * Closes as {@code abandoned} the runs still marked {@code running} that no process is running any more: those of
     * {@code owner} (this replica) started before {@code processStart}, which died with the previous process, other
     * than {@code current}, and those of any owner started before {@code staleBefore}.
     *
     * @return the ids of the runs closed
     */
    public List<String> abandon(String owner, Instant processStart, String current, Instant staleBefore) {
        List<String> closed = new ArrayList<>();
        Bson stale = Filters.and(Filters.eq("status", "running"), Filters.ne("_id", current == null ? "" : current),
                Filters.or(Filters.and(Filters.eq("owner", owner), Filters.lt("started_at", Date.from(processStart))),
                        Filters.lt("started_at", Date.from(staleBefore))));
        for (Document d : collection().find(stale).projection(new Document("_id", 1)).into(new ArrayList<>())) {
            Object id = d.get("_id");
            long n = collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", "running")),
                    Updates.combine(Updates.set("status", "abandoned"), Updates.set("finished_at", new Date()),
                            Updates.set("error", "the process running it stopped (crash or restart) before it"
                                    + " finished; the next run resumes from the checkpoints"))).getModifiedCount();
            if (n > 0) {
                closed.add(String.valueOf(id));
            }
        }
        return closed;
    }

    /** The newest {@code limit} runs, newest first. */
    public List<Document> recent(int limit) {
        return collection().find().sort(Sorts.descending("started_at")).limit(limit).into(new ArrayList<>());
    }

    /** The runs that finished in the last {@code window}, for the success rate. */
    public List<Document> since(Instant from) {
        return collection().find(Filters.gte("started_at", Date.from(from))).into(new ArrayList<>());
    }

    private void ensureIndex() {
        if (!indexed) {
            try {
                collection().createIndex(Indexes.ascending("started_at"),
                        new IndexOptions().expireAfter((long) config.historyDays() * 86_400, TimeUnit.SECONDS));
            } catch (RuntimeException e) {
                LOG.debugf("TTL index on %s not created: %s", COLLECTION, e.getMessage());
            }
            indexed = true;
        }
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }
}
