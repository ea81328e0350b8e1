package io.mysqlmongosync.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.sink.state.SchemaDocument;
import io.mysqlmongosync.sink.state.SchemaRepository;
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
 * Compares each run's discovered schema with the last one stored in {@code _sync_schemas} ({@link SchemaDocument}). Added columns are
 * synced from then on (and back-filled by a reload when SYNC_BACKFILL_ADDED_COLUMNS=true); dropped columns are no
 * longer written; a changed type is converted per the new type. A change to the primary key or the change column
 * would make the stored cursor meaningless, so it blocks the table (with an alert) until an operator resets it.
 */
@ApplicationScoped
public class SchemaDriftDetector {

    /** The collection name. */
    public static final String COLLECTION = SchemaDocument.COLLECTION;
    /** Counter of drift events by table and change. */
    public static final String METRIC = "sync_schema_drift";
    private static final Logger LOG = Logger.getLogger(SchemaDriftDetector.class);
    private static final int KEEP_EVENTS = 50;

    private final SchemaRepository schemas;
    private final Checkpoints checkpoints;
    private final AlertNotifier alerts;
    private final MeterRegistry registry;
    private final SyncConfig config;

    SchemaDriftDetector(SchemaRepository schemas, Checkpoints checkpoints, AlertNotifier alerts,
            MeterRegistry registry, SyncConfig config) {
        this.schemas = schemas;
        this.checkpoints = checkpoints;
        this.alerts = alerts;
        this.registry = registry;
        this.config = config;
    }

    /** Records drift of {@code schema}; returns why the table is blocked, or null when it may be synced. */
    public String check(TableSchema schema) {
        SchemaDocument stored = schemas.findById(schema.name());
        SchemaDocument current = snapshot(schema);
        if (stored == null) {
            schemas.first(schema.name(), current);
            return null;
        }
        String blocked = stored.blocked;
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
        if (blocked != null && stored.blocked == null) {
            alerts.blocked(schema.name(), "schema", "Table " + schema.name() + " is blocked by a schema change ("
                    + blocked + "); its documents are left as they are. POST /sync/reset/" + schema.name()
                    + " reloads it.");
        }
        if (added && blocked == null && config.backfillAddedColumns()) {
            checkpoints.reset(schema.name());
            LOG.infof("Table %s: column added, SYNC_BACKFILL_ADDED_COLUMNS=true, reloading it", schema.name());
        }
        schemas.drifted(schema.name(), current, blocked, events, KEEP_EVENTS);
        return blocked;
    }

    /** Clears a block and the stored snapshot, so the next run starts from the current schema. */
    public void reset(String table) {
        schemas.clear(table);
    }

    /** The stored drift events of {@code table} (oldest first) and its block reason. */
    public Document stored(String table) {
        Document d = schemas.stored(table);
        return d == null ? new Document() : d;
    }

    private static SchemaDocument snapshot(TableSchema schema) {
        List<Document> cols = new ArrayList<>();
        for (ColumnInfo c : schema.columns()) {
            cols.add(new Document("name", c.name()).append("column_type", c.columnType()).append("kind", c.kind().name()));
        }
        SchemaDocument d = new SchemaDocument();
        d.columns = cols;
        d.primaryKey = schema.primaryKey().stream().map(ColumnInfo::name).toList();
        d.changeColumn = schema.changeColumn().map(ColumnInfo::name).orElse(null);
        return d;
    }

    private static List<Document> diff(SchemaDocument stored, SchemaDocument current) {
        List<Document> events = new ArrayList<>();
        Map<String, Document> before = byName(stored.columns);
        Map<String, Document> after = byName(current.columns);
        if (before.isEmpty()) {
            return events; // snapshot cleared by a reset: nothing to compare
        }
        List<String> key = current.primaryKey;
        Object change = current.changeColumn;
        boolean keyChanged = !Objects.equals(stored.primaryKey, current.primaryKey);
        boolean changeColumnChanged = !Objects.equals(stored.changeColumn, change);
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
            events.add(event("primary_key", null, "primary key changed from " + stored.primaryKey + " to "
                    + current.primaryKey, true, now));
        }
        if (changeColumnChanged) {
            events.add(event("change_column", null, "change column changed from " + stored.changeColumn
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
}
