package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * One run in {@code _sync_runs}. While it runs: {@code trigger}, {@code owner}, {@code started_at}, {@code status}
 * ({@code running}) and {@code tables}; when it ends the document is replaced by the finished form, with
 * {@code finished_at}, {@code total_records}, one {@code results} entry per table and {@code error}.
 */
@MongoEntity(collection = RunDocument.COLLECTION)
public class RunDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_runs";

    /** The run id. */
    @BsonId
    public String id;
    /** What started it ({@code scheduled}, {@code manual}, ...). */
    public String trigger;
    /** The replica that ran it. */
    public String owner;
    /** When it started. */
    @BsonProperty("started_at")
    public Date startedAt;
    /** When it ended; null while running. */
    @BsonProperty("finished_at")
    public Date finishedAt;
    /** {@code running}, {@code success}, {@code partial}, {@code failed}, {@code abandoned}, ... */
    public String status;
    /** Rows read in all tables. */
    @BsonProperty("total_records")
    public Long totalRecords;
    /** The tables of a running run. */
    public List<String> tables;
    /** One entry per table of a finished run (table, status, mode, counts, duration_ms, error). */
    public List<Document> results;
    /** Why the run failed, or null. */
    public String error;

    /** A running run. */
    Document startedDocument() {
        return new Document("_id", id).append("trigger", trigger).append("owner", owner).append("started_at", startedAt)
                .append("status", status).append("tables", tables);
    }

    /** A finished run, nulls included. */
    Document finishedDocument() {
        return new Document("_id", id).append("trigger", trigger).append("owner", owner).append("started_at", startedAt)
                .append("finished_at", finishedAt).append("status", status).append("total_records", totalRecords)
                .append("results", results).append("error", error);
    }
}
