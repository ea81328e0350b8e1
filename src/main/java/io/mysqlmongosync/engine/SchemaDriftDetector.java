package io.mysqlmongosync.engine;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Compares each run's discovered schema with the last one stored in {@code _sync_schemas}. Added columns are
 * synced from then on (and back-filled by a reload when SYNC_BACKFILL_ADDED_COLUMNS=true); dropped columns are no
 * longer written; a changed type is converted per the new type. A change to the primary key or the change column
 * would make the stored cursor meaningless, so it blocks the table (with an alert) until an operator resets it.
 */
@ApplicationScoped
public class SchemaDriftDetector {

    /** The collection name. */
    public static final String COLLECTION = "_sync_schemas";
    /** Counter of drift events by table and change. */
    public static final String METRIC = "sync_schema_drift";
    private static final Logger LOG = Logger.getLogger(SchemaDriftDetector.class);
    private static final int KEEP_EVENTS = 50;

    private final TargetDatabase target;
    private final CheckpointStore checkpoints;
    private final AlertNotifier alerts;
    private final MeterRegistry registry;
    private final SyncConfig config;

    SchemaDriftDetector(TargetDatabase target, CheckpointStore checkpoints, AlertNotifier alerts,
            MeterRegistry registry, SyncConfig config) {
        this.target = target;
        this.checkpoints = checkpoints;
        this.alerts = alerts;
        this.registry = registry;
        this.config = config;
    }

    /** Records drift of {@code schema}; returns why the table is blocked, or null when it may be synced. */
    public String check(TableSchema schema) {
        Document stored = collection().find(Filters.eq("_id", schema.name())).first();
        Document current = snapshot(schema);
        if (stored == null) {
            collection().updateOne(Filters.eq("_id", schema.name()), Updates.combine(
                    Updates.set("columns", current.get("columns")), Updates.set("primary_key", current.get("primary_key")),
                    Updates.set("change_column", current.get("change_column")), Updates.set("seen_at", new Date())),
                    new UpdateOptions().upsert(true));
            return null;
        }
        String blocked = stored.getString("blocked");
        List<Document> events = diff(stored, current);
        if (events.isEmpty()) {
            return blocked;
        }
        boolean added = false;
        for (Document e : events) {
            LOG.warnf("Schema drift in table %s: %s", schema.name(), e.getString("description"));
            Counter.builder(METRIC).description("Schema changes seen between runs").tags("table", schema.name(),
                    "change", e.getString("change")).register(registry).increment();
            added |= "added".equals(e.getString("change"));
            if (e.getBoolean("unsafe", false) && blocked == null) {
                blocked = e.getString("description");
            }
        }
        if (blocked != null && stored.getString("blocked") == null) {
            alerts.alert("schema", "Table " + schema.name() + " is blocked by a schema change (" + blocked
                    + "); its documents are left as they are. POST /sync/reset/" + schema.name() + " reloads it.");
        }
        if (added && blocked == null && config.backfillAddedColumns()) {
            checkpoints.reset(schema.name());
            LOG.infof("Table %s: column added, SYNC_BACKFILL_ADDED_COLUMNS=true, reloading it", schema.name());
        }
        collection().updateOne(Filters.eq("_id", schema.name()), Updates.combine(
                Updates.set("columns", current.get("columns")), Updates.set("primary_key", current.get("primary_key")),
                Updates.set("change_column", current.get("change_column")), Updates.set("seen_at", new Date()),
                Updates.set("blocked", blocked), Updates.pushEach("events", events,
                        new com.mongodb.client.model.PushOptions().slice(-KEEP_EVENTS))));
        return blocked;
    }

    /** Clears a block and the stored snapshot, so the next run starts from the current schema. */
    public void reset(String table) {
        collection().updateOne(Filters.eq("_id", table), Updates.combine(Updates.unset("blocked"),
                Updates.unset("columns")));
    }

    /** The stored drift events of {@code table} (oldest first) and its block reason. */
    public Document stored(String table) {
        Document d = collection().find(Filters.eq("_id", table)).first();
        return d == null ? new Document() : d;
    }

    private static Document snapshot(TableSchema schema) {
        List<Document> cols = new ArrayList<>();
        for (ColumnInfo c : schema.columns()) {
            cols.add(new Document("name", c.name()).append("column_type", c.columnType()).append("kind", c.kind().name()));
        }
        return new Document("columns", cols)
                .append("primary_key", schema.primaryKey().stream().map(ColumnInfo::name).toList())
                .append("change_column", schema.changeColumn().map(ColumnInfo::name).orElse(null));
    }

    private static List<Document> diff(Document stored, Document current) {
        List<Document> events = new ArrayList<>();
        Map<String, Document> before = byName(stored.getList("columns", Document.class));
        Map<String, Document> after = byName(current.getList("columns", Document.class));
        if (before.isEmpty()) {
            return events; // snapshot cleared by a reset: nothing to compare
        }
        List<String> key = current.getList("primary_key", String.class);
        Object change = current.get("change_column");
        boolean keyChanged = !Objects.equals(stored.get("primary_key"), current.get("primary_key"));
        boolean changeColumnChanged = !Objects.equals(stored.get("change_column"), change);
        Date now = new Date();
        after.forEach((name, col) -> {
            if (!before.containsKey(name)) {
                events.add(event("added", name, "column " + name + " " + col.getString("column_type") + " added", false, now));
            }
        });
        before.forEach((name, col) -> {
            Document now2 = after.get(name);
            if (now2 == null) {
                events.add(event("dropped", name, "column " + name + " dropped", key.contains(name), now));
            } else if (!col.getString("column_type").equals(now2.getString("column_type"))) {
                boolean unsafe = (key.contains(name) || name.equals(change))
                        && !col.getString("kind").equals(now2.getString("kind"));
                events.add(event("modified", name, "column " + name + " changed from " + col.getString("column_type")
                        + " to " + now2.getString("column_type") + (unsafe ? " (key or change column: not safe)" : ""),
                        unsafe, now));
            }
        });
        if (keyChanged) {
            events.add(event("primary_key", null, "primary key changed from " + stored.get("primary_key") + " to "
                    + current.get("primary_key"), true, now));
        }
        if (changeColumnChanged) {
            events.add(event("change_column", null, "change column changed from " + stored.get("change_column")
                    + " to " + change, true, now));
        }
        return events;
    }

    private static Document event(String change, String column, String description, boolean unsafe, Date at) {
        return new Document("change", change).append("column", column).append("description", description)
                .append("unsafe", unsafe).append("at", at);
    }

    private static Map<String, Document> byName(List<Document> columns) {
        Map<String, Document> m = new LinkedHashMap<>();
        if (columns != null) {
            columns.forEach(c -> m.put(c.getString("name"), c));
        }
        return m;
    }

    private MongoCollection<Document> collection() {
        return target.collection(COLLECTION);
    }
}
