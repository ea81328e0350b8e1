package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.state.RunDocument;
import io.mysqlmongosync.sink.state.RunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Run history in {@code _sync_runs} ({@link RunDocument}). Bounded two ways: a TTL index on {@code started_at}
 * (SYNC_HISTORY_DAYS) and an explicit prune after every run, for servers that ignore TTL indexes.
 */
@ApplicationScoped
public class RunHistory {

    /** The collection name. */
    public static final String COLLECTION = RunDocument.COLLECTION;
    private static final Logger LOG = Logger.getLogger(RunHistory.class);
    private static final String ABANDONED = "the process running it stopped (crash or restart) before it finished;"
            + " the next run resumes from the checkpoints";

    private final RunRepository runs;
    private final SyncConfig config;
    private volatile boolean indexed;

    RunHistory(RunRepository runs, SyncConfig config) {
        this.runs = runs;
        this.config = config;
    }

    /** Records a run that has started. */
    public void started(String id, String trigger, Instant at, List<String> tables, String owner) {
        ensureIndex();
        RunDocument run = run(id, trigger, owner, at, "running");
        run.tables = tables;
        runs.started(run);
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
        RunDocument d = run(run.id(), run.trigger(), owner, run.startedAt(), run.status());
        d.finishedAt = Date.from(run.finishedAt());
        d.totalRecords = run.totalRecords();
        d.results = tables;
        d.error = error;
        runs.finished(d);
        runs.prune(Date.from(Instant.now().minus(Duration.ofDays(config.historyDays()))));
    }

    private static RunDocument run(String id, String trigger, String owner, Instant startedAt, String status) {
        RunDocument d = new RunDocument();
        d.id = id;
        d.trigger = trigger;
        d.owner = owner;
        d.startedAt = Date.from(startedAt);
        d.status = status;
        return d;
    }

    /**
     * Each table's latest result in the newest {@code limit} finished runs (for the status after a restart), with
     * the run id and end time.
     */
    public Map<String, SyncController.LastTableResult> lastTableResults(int limit) {
        Map<String, SyncController.LastTableResult> out = new LinkedHashMap<>();
        for (RunDocument run : runs.newestFinished(limit)) {
            Instant finished = run.finishedAt == null ? null : run.finishedAt.toInstant();
            for (Document t : run.results == null ? List.<Document>of() : run.results) {
                String table = t.getString("table");
                if (table != null && !out.containsKey(table)) {
                    out.put(table, new SyncController.LastTableResult(run.id, finished, tableResult(table, t)));
                }
            }
        }
        return out;
    }

    private static TableResult tableResult(String table, Document t) {
        return new TableResult(table, t.getString("status"), t.getString("mode"), n(t, "read"), n(t, "created"),
                n(t, "updated"), n(t, "unchanged"), n(t, "skipped"), n(t, "conflict"), n(t, "deleted"),
                n(t, "warnings"), n(t, "duration_ms"), t.getString("error"), null, n(t, "reread"), n(t, "hard_deleted"));
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
        return runs.abandon(owner, Date.from(processStart), current, Date.from(staleBefore), ABANDONED);
    }

    /** The newest {@code limit} runs, newest first. */
    public List<Document> recent(int limit) {
        return runs.recent(limit);
    }

    /** The runs that finished in the last {@code window}, for the success rate. */
    public List<Document> since(Instant from) {
        return runs.since(Date.from(from));
    }

    private void ensureIndex() {
        if (!indexed) {
            try {
                runs.ensureTtlIndex((long) config.historyDays() * 86_400);
            } catch (RuntimeException e) {
                LOG.debugf("TTL index on %s not created: %s", COLLECTION, e.getMessage());
            }
            indexed = true;
        }
    }
}
