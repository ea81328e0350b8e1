package io.mysqlmongosync.target;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * Per-table leases in {@code _sync_leases}: a replica syncs a table only while it holds the table's lease,
 * renews it after each page and releases it when done; a lease not renewed in time (a dead replica) can be
 * taken over. The unique {@code _id} makes the take-over atomic: an upsert that loses the race fails with
 * a duplicate key.
 */
@ApplicationScoped
public class LeaseStore {

    /** The collection name. */
    public static final String COLLECTION = "_sync_leases";
    private static final int DUPLICATE_KEY = 11000;

    private final TargetDatabase target;

    LeaseStore(TargetDatabase target) {
        this.target = target;
    }

    /** Takes or renews the lease on {@code table} for {@code owner}; false when another live owner holds it. */
    public boolean acquire(String table, String owner, long ttlMillis) {
        long now = System.currentTimeMillis();
        try {
            collection().findOneAndUpdate(
                    Filters.and(Filters.eq("_id", table),
                            Filters.or(Filters.eq("owner", owner), Filters.lt("expires_at", new Date(now)))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("expires_at", new Date(now + ttlMillis)),
                            Updates.set("renewed_at", new Date(now))),
                    new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        } catch (MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Gives up {@code owner}'s lease on {@code table}, if it holds it. */
    public void release(String table, String owner) {
        collection().deleteOne(Filters.and(Filters.eq("_id", table), Filters.eq("owner", owner)));
    }

    /** The current holder of each table with a live lease. */
    public Map<String, String> holders() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Document d : collection().find(Filters.gte("expires_at", new Date()))) {
            out.put(d.getString("_id"), d.getString("owner"));
        }
        return out;
    }

    /** The owner currently holding {@code table}, or null. */
    public String holder(String table) {
        return holders().get(table);
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }
}
