package io.mysqlmongosync.source.binlog;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Groups binlog events into committed transactions of the synced tables: tracks the table maps, the file and
 * offset, and the GTID state (MariaDB domain-server-sequence, or a MySQL GTID set), and hands each transaction
 * with the position right after its commit. Not thread-safe: fed by the one reader thread.
 */
final class TransactionAssembler {

    private final String database;
    private final Set<String> tables;
    private final Consumer<BinlogTransaction> out;
    private final Map<Long, String> tableById = new HashMap<>();
    /** The column names each table map carried (binlog_row_metadata=FULL), absent when it carried none. */
    private final Map<Long, List<String>> columnsById = new HashMap<>();
    private final Map<Long, String> mariaDbState = new LinkedHashMap<>();
    private GtidSet mysqlGtids;
    private String file;
    private String pendingGtid;
    private List<RowChange> current;

    /** Assembles transactions of {@code tables} (lower case) in {@code database} from {@code start} on. */
    TransactionAssembler(String database, Set<String> tables, BinlogPosition start, Consumer<BinlogTransaction> out) {
        this.database = database;
        this.tables = tables;
        this.out = out;
        this.file = start.file();
        if (start.hasGtid()) {
            if (start.gtid().contains(":")) {
                mysqlGtids = new GtidSet(start.gtid());
            } else {
                for (String g : start.gtid().split(",")) {
                    mariaDbState.put(Long.parseLong(g.strip().split("-")[0]), g.strip());
                }
            }
        }
    }

    /** Drops a transaction half read when the connection broke: it is read again from its start. */
    void reset() {
        current = null;
        pendingGtid = null;
    }

    /** Feeds one event. */
    void accept(Event event) {
        EventType type = event.getHeader().getEventType();
        switch (type) {
            case ROTATE -> file = ((RotateEventData) event.getData()).getBinlogFilename();
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                pendingGtid = g.getDomainId() + "-" + event.getHeader().getServerId() + "-" + g.getSequence();
                current = new ArrayList<>();
            }
            case GTID -> {
                GtidEventData g = event.getData();
                pendingGtid = g.getMySqlGtid().toString();
                current = new ArrayList<>();
            }
            case TABLE_MAP -> {
                TableMapEventData t = event.getData();
                tableById.put(t.getTableId(), t.getDatabase().equalsIgnoreCase(database)
                        && tables.contains(t.getTable().toLowerCase(Locale.ROOT)) ? t.getTable() : null);
                List<String> names = ColumnNames.of(t);
                if (names == null) {
                    columnsById.remove(t.getTableId());
                } else {
                    columnsById.put(t.getTableId(), names);
                }
            }
            case QUERY -> query(event);
            case XID -> commit(event, null);
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = event.getData();
                rows(d.getTableId(), d.getRows(), RowChange.Type.INSERT);
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = event.getData();
                String table = tableById.get(d.getTableId());
                List<String> columns = columnsById.get(d.getTableId());
                if (table != null && current != null) {
                    d.getRows().forEach(r -> current.add(new RowChange(table, RowChange.Type.UPDATE, r.getKey(),
                            r.getValue(), columns)));
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = event.getData();
                rows(d.getTableId(), d.getRows(), RowChange.Type.DELETE);
            }
            default -> {
                // format description, heartbeats, checkpoints and the rest carry nothing to apply
            }
        }
    }

    private void rows(long tableId, List<Serializable[]> rows, RowChange.Type type) {
        String table = tableById.get(tableId);
        if (table == null) {
            return;
        }
        if (current == null) {
            current = new ArrayList<>(); // a server without GTID events: the transaction starts with BEGIN or here
        }
        List<String> columns = columnsById.get(tableId);
        for (Serializable[] r : rows) {
            current.add(type == RowChange.Type.DELETE ? new RowChange(table, type, r, null, columns)
                    : new RowChange(table, type, null, r, columns));
        }
    }

    private void query(Event event) {
        QueryEventData q = event.getData();
        String sql = q.getSql().strip();
        String upper = sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN")) {
            if (current == null) {
                current = new ArrayList<>();
            }
        } else if (upper.equals("COMMIT")) {
            commit(event, null); // a non-transactional engine's statement group
        } else if (upper.equals("ROLLBACK")) {
            reset();
        } else {
            boolean ours = q.getDatabase() == null || q.getDatabase().isEmpty()
                    || q.getDatabase().equalsIgnoreCase(database) || upper.contains(database.toUpperCase(Locale.ROOT));
            commit(event, ours ? sql : null); // DDL commits on its own
        }
    }

    private void commit(Event event, String ddl) {
        List<RowChange> changes = current == null ? List.of() : List.copyOf(current);
        if (pendingGtid != null) {
            if (mysqlGtids != null || pendingGtid.contains(":")) {
                if (mysqlGtids == null) {
                    mysqlGtids = new GtidSet("");
                }
                mysqlGtids.add(pendingGtid);
            } else {
                mariaDbState.put(Long.parseLong(pendingGtid.split("-")[0]), pendingGtid);
            }
        }
        long next = ((EventHeaderV4) event.getHeader()).getNextPosition();
        BinlogPosition end = new BinlogPosition(file, next, gtidText());
        reset();
        out.accept(new BinlogTransaction(changes, end, event.getHeader().getTimestamp(), ddl));
    }

    private String gtidText() {
        if (mysqlGtids != null) {
            return mysqlGtids.toString();
        }
        return mariaDbState.isEmpty() ? null : mariaDbState.values().stream().collect(Collectors.joining(","));
    }
}
