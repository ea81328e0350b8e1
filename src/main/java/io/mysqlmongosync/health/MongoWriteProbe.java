package io.mysqlmongosync.health;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.mysqlmongosync.sink.CheckDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import org.bson.Document;

/**
 * Proves the MongoDB user may write to the target database: a ping succeeds for a user with read-only rights, so
 * only a real write tells the two apart. It upserts one small document in the reserved {@code _sync_probe}
 * collection (never a synced collection, never the control state), through the checks' own client
 * ({@link CheckDatabase}: a fresh connection, a short deadline).
 */
@ApplicationScoped
public class MongoWriteProbe {

    /** The collection the probe writes to. */
    public static final String COLLECTION = "_sync_probe";

    private final CheckDatabase target;

    /** Creates the probe for {@code target}. */
    public MongoWriteProbe(CheckDatabase target) {
        this.target = target;
    }

    /** Writes the probe document; throws what the driver throws (code 13 when the user may not write). */
    public void write() {
        target.database().getCollection(COLLECTION).replaceOne(Filters.eq("_id", "write-probe"),
                new Document("_id", "write-probe").append("checked_at", new Date()), new ReplaceOptions().upsert(true));
    }
}
