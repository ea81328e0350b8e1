package io.mysqlmongosync.source.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import io.mysqlmongosync.schema.ColumnInfo;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The column names a table-map event carries when the server writes its optional metadata
 * ({@code binlog_row_metadata=FULL}, MySQL 8.0 and MariaDB 10.5 on), and the rule that places the cells of a row
 * image written with those columns onto the table's columns as they are now: by name, case-insensitively. A column
 * the image does not carry (added after the event was written) reads as NULL; a cell of a column the table no
 * longer has (dropped or renamed since) is ignored.
 */
final class ColumnNames {

    private ColumnNames() {
    }

    /**
     * The column names of {@code tableMap} in cell order, or null when it carries none (metadata not FULL) or not
     * one per column.
     */
    static List<String> of(TableMapEventData tableMap) {
        TableMapEventMetadata meta = tableMap.getEventMetadata();
        List<String> names = meta == null ? null : meta.getColumnNames();
        if (names == null || tableMap.getColumnTypes() == null || names.size() != tableMap.getColumnTypes().length) {
            return null;
        }
        return List.copyOf(names);
    }

    /**
     * For each of {@code now}'s columns the index of its cell in an image written with {@code written}, or -1 when
     * the image has none.
     *
     * @throws SchemaMismatchException when a primary key column is not in the image: its rows cannot be placed
     */
    static int[] positions(String table, List<String> written, List<ColumnInfo> now, List<ColumnInfo> key) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < written.size(); i++) {
            index.putIfAbsent(written.get(i).toLowerCase(Locale.ROOT), i);
        }
        int[] out = new int[now.size()];
        for (int i = 0; i < now.size(); i++) {
            Integer at = index.get(now.get(i).name().toLowerCase(Locale.ROOT));
            out[i] = at == null ? -1 : at;
            if (at == null && key.contains(now.get(i))) {
                throw new SchemaMismatchException("Table '" + table + "': the binlog row has no primary key column '"
                        + now.get(i).name() + "' (its columns were " + written + ")");
            }
        }
        return out;
    }

    /** {@code cells} placed by {@code positions}: one cell per column of the table now, null where there is none. */
    static Serializable[] place(Serializable[] cells, int[] positions) {
        Serializable[] out = new Serializable[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = positions[i] >= 0 && positions[i] < cells.length ? cells[positions[i]] : null;
        }
        return out;
    }
}
