package io.mysqlmongosync.engine;

import java.util.List;
import org.bson.Document;

/**
 * A discovered table as the tables API shows it.
 *
 * @param table the prepared table (schema, collection, soft-delete column)
 * @param strategy the name of the strategy bean that serves it
 * @param cursor the change cursor, or the load position during an initial load; null before the first pass
 * @param phase not_started, initial, incremental or full
 * @param documents documents in its own collection (estimate; 0 when it is only embedded)
 * @param blocked why schema drift blocks it, or null
 * @param driftEvents the schema changes seen, oldest first, as stored
 * @param capture how its changes are captured: mode, and the binlog stream's state and position
 */
public record TableOverview(TableContext table, String strategy, List<Object> cursor, String phase, long documents,
        String blocked, List<Document> driftEvents, CaptureStatus capture) {
}
