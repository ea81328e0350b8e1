package io.mysqlmongosync.sink.state;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Panache access to {@code _sync_schemas}: snapshots, blocks and drift events, each stored with one update. */
@ApplicationScoped
public class SchemaRepository implements PanacheMongoRepositoryBase<SchemaDocument, String> {

    /** Stores {@code current} (columns, primary key, change column) as the table's first snapshot. */
    public void first(String table, SchemaDocument current) {
        documents().updateOne(Filters.eq("_id", table), snapshot(current), new UpdateOptions().upsert(true));
    }

    /** Stores {@code current}, the block reason and {@code events} (keeping the newest {@code keep}). */
    public void drifted(String table, SchemaDocument current, String blocked, List<Document> events, int keep) {
        documents().updateOne(Filters.eq("_id", table), Updates.combine(snapshot(current),
                Updates.set("blocked", blocked), Updates.pushEach("events", events, new PushOptions().slice(-keep))));
    }

    /** Clears a block and the stored columns. */
    public void clear(String table) {
        documents().updateOne(Filters.eq("_id", table), Updates.combine(Updates.unset("blocked"),
                Updates.unset("columns")));
    }

    /** The table's document as stored, or null. */
    public Document stored(String table) {
        return documents().find(Filters.eq("_id", table)).first();
    }

    private static Bson snapshot(SchemaDocument current) {
        return Updates.combine(Updates.set("columns", current.columns), Updates.set("primary_key", current.primaryKey),
                Updates.set("change_column", current.changeColumn), Updates.set("seen_at", new Date()));
    }

    private MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }
}
