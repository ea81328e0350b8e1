package io.mysqlmongosync.sink;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Reads how much the target holds, once a minute rather than on every scrape (statistics commands take locks and
 * walk metadata): the data size of every synced collection ({@code sync_target_data_bytes{collection}}, from
 * {@code collStats}, or the {@code $collStats} stage where the command is gone) and, when the server reports file
 * system sizes in {@code dbStats}, the free space under the database ({@code sync_target_fs_free_bytes}; Atlas and
 * in-memory servers do not report it). A server that offers neither statistic just leaves the gauges out; running
 * out of space is caught when it happens by the critical-error path (codes 14031, 12501).
 */
@ApplicationScoped
public class StorageMonitor {

    private static final Logger LOG = Logger.getLogger(StorageMonitor.class);
    private static final int NAMESPACE_NOT_FOUND = 26;

    private final TargetDatabase target;
    private final SyncedCollections synced;
    private final SyncMetrics metrics;
    private volatile boolean reportedUnavailable;

    StorageMonitor(TargetDatabase target, SyncedCollections synced, SyncMetrics metrics) {
        this.target = target;
        this.synced = synced;
        this.metrics = metrics;
    }

    @Scheduled(identity = "storage-stats", every = "60s", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // MongoDB unreachable: readiness and the sync report that; the gauges keep their last values.
            LOG.debugf("Storage statistics not refreshed: %s", e.getMessage());
        }
    }

    /** Reads the statistics now, updates the gauges and returns the data bytes per collection that were read. */
    public Map<String, Long> refresh() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String collection : synced.collections()) {
            OptionalLong size = dataSize(collection);
            if (size.isPresent()) {
                sizes.put(collection, size.getAsLong());
                metrics.targetDataBytes(collection, size.getAsLong());
            }
        }
        fsFree().ifPresent(metrics::targetFsFreeBytes);
        return sizes;
    }

    /** The uncompressed data size of {@code collection}, 0 when it does not exist yet, empty when unknowable. */
    OptionalLong dataSize(String collection) {
        MongoDatabase db = target.database();
        try {
            return number(db.runCommand(new Document("collStats", collection)), "size");
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == NAMESPACE_NOT_FOUND) {
                return OptionalLong.of(0);
            }
            try {
                // collStats is deprecated since MongoDB 6.2; the aggregation stage is its replacement.
                Document d = db.getCollection(collection).aggregate(List.of(new Document("$collStats",
                        new Document("storageStats", new Document())))).first();
                Object stats = d == null ? null : d.get("storageStats");
                return stats instanceof Document s ? number(s, "size") : OptionalLong.of(0);
            } catch (MongoCommandException e2) {
                if (!reportedUnavailable) {
                    reportedUnavailable = true;
                    LOG.infof("MongoDB offers no collection statistics (%s); sync_target_data_bytes stays empty",
                            e2.getErrorMessage());
                }
                return OptionalLong.empty();
            }
        }
    }

    /** Free bytes of the file system holding the database, when dbStats reports fsTotalSize and fsUsedSize. */
    OptionalLong fsFree() {
        try {
            return fsFree(target.database().runCommand(new Document("dbStats", 1)));
        } catch (MongoCommandException e) {
            return OptionalLong.empty();
        }
    }

    /** fsTotalSize − fsUsedSize of a dbStats answer, if both are there. */
    static OptionalLong fsFree(Document dbStats) {
        OptionalLong total = number(dbStats, "fsTotalSize");
        OptionalLong used = number(dbStats, "fsUsedSize");
        return total.isPresent() && used.isPresent() && total.getAsLong() > 0
                ? OptionalLong.of(Math.max(0, total.getAsLong() - used.getAsLong())) : OptionalLong.empty();
    }

    private static OptionalLong number(Document d, String field) {
        return d.get(field) instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }
}
