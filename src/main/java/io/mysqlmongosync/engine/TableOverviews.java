package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.sink.DocumentCounts;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** The discovered tables with their checkpoint, document count and schema-drift state, for the tables API. */
@ApplicationScoped
public class TableOverviews {

    private final TableCatalog catalog;
    private final Checkpoints checkpoints;
    private final SchemaDriftDetector drift;
    private final DocumentCounts counts;
    private final BinlogStreams streams;

    TableOverviews(TableCatalog catalog, Checkpoints checkpoints, SchemaDriftDetector drift, DocumentCounts counts,
            BinlogStreams streams) {
        this.streams = streams;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.drift = drift;
        this.counts = counts;
    }

    /**
     * Every discovered table, in configured order.
     *
     * @throws IllegalStateException when MySQL is not reachable to discover them
     */
    public List<TableOverview> all() {
        Map<String, TableContext> discovered;
        try {
            discovered = catalog.tables();
        } catch (SQLException e) {
            throw new IllegalStateException("MySQL is not reachable: " + e.getMessage(), e);
        }
        List<TableOverview> out = new ArrayList<>();
        for (TableContext t : discovered.values()) {
            TableCheckpoint cp = checkpoints.load(t.name()).orElse(null);
            Document stored = drift.stored(t.name());
            List<Document> events = stored.getList("events", Document.class, List.of());
            out.add(new TableOverview(t, t.strategyName(), StatusService.cursorOf(cp),
                    StatusService.phaseOf(cp, t), t.ownCollection() ? counts.estimated(t.collection()) : 0,
                    stored.getString("blocked"), events, capture(t)));
        }
        return out;
    }

    private CaptureStatus capture(TableContext t) {
        CaptureStatus stream = streams.status(t.name());
        return stream != null ? stream : CaptureStatus.of(t.captureMode());
    }
}
