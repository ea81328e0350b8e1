package io.mysqlmongosync.sink.state;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Panache access to {@code _sync_runs}: the run documents, their pruning and the closing of abandoned runs. */
@ApplicationScoped
public class RunRepository implements PanacheMongoRepositoryBase<RunDocument, String> {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    /** Stores {@code run} in its running form (replacing any document of that id). */
    public void started(RunDocument run) {
        documents().replaceOne(Filters.eq("_id", run.id), run.startedDocument(), UPSERT);
    }

    /** Replaces {@code run}'s document by its finished form. */
    public void finished(RunDocument run) {
        documents().replaceOne(Filters.eq("_id", run.id), run.finishedDocument(), UPSERT);
    }

    /** Deletes the runs started before {@code cutoff}. */
    public void prune(Date cutoff) {
        documents().deleteMany(Filters.lt("started_at", cutoff));
    }

    /** The TTL index on {@code started_at}; throws when the server refuses it. */
    public void ensureTtlIndex(long seconds) {
        documents().createIndex(Indexes.ascending("started_at"),
                new IndexOptions().expireAfter(seconds, TimeUnit.SECONDS));
    }

    /** The newest {@code limit} finished runs, newest first. */
    public List<RunDocument> newestFinished(int limit) {
        return find("{finished_at: {$exists: true}}", Sort.descending("started_at")).page(0, limit).list();
    }

    /**
     * Closes as {@code abandoned}, with {@code error}, the runs still marked {@code running} other than
     * {@code current} that either belong to {@code owner} and started before {@code ownerBefore}, or started before
     * {@code staleBefore}. Each close is conditional on the run still running. Returns the ids closed.
     */
    public List<String> abandon(String owner, Date ownerBefore, String current, Date staleBefore, String error) {
        Bson stale = Filters.and(Filters.eq("status", "running"), Filters.ne("_id", current == null ? "" : current),
                Filters.or(Filters.and(Filters.eq("owner", owner), Filters.lt("started_at", ownerBefore)),
                        Filters.lt("started_at", staleBefore)));
        List<String> closed = new ArrayList<>();
        for (Document d : documents().find(stale).projection(new Document("_id", 1)).into(new ArrayList<>())) {
            Object id = d.get("_id");
            long n = documents().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", "running")),
                    Updates.combine(Updates.set("status", "abandoned"), Updates.set("finished_at", new Date()),
                            Updates.set("error", error))).getModifiedCount();
            if (n > 0) {
                closed.add(String.valueOf(id));
            }
        }
        return closed;
    }

    /** The newest {@code limit} runs, newest first, as stored. */
    public List<Document> recent(int limit) {
        return documents().find().sort(new Document("started_at", -1)).limit(limit).into(new ArrayList<>());
    }

    /** The runs started since {@code from}, as stored. */
    public List<Document> since(Date from) {
        return documents().find(Filters.gte("started_at", from)).into(new ArrayList<>());
    }

    private MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }
}
