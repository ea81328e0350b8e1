package io.mysqlmongosync.source.binlog;

import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One synced table as the stream sees it: its schema, a cell reader per column and the polling path's row
 * converter, so that a binlog row becomes the same {@link SourceRow} a page read of the same row gives.
 */
public final class BinlogTable {

    private final TableSchema schema;
    private final RowConverter converter;
    private final List<Function<Serializable, Object>> readers;
    /** The column names last placed and their positions: the rows of one table map share one list. */
    private List<String> placedFor;
    private int[] placed;

    private BinlogTable(TableSchema schema, RowConverter converter, List<Function<Serializable, Object>> readers) {
        this.schema = schema;
        this.converter = converter;
        this.readers = readers;
    }

    /**
     * Prepares {@code schema}'s table, reading its columns' character sets through {@code c}; TIMESTAMP values are
     * shown in {@code zone}, the session zone of the polling path.
     */
    public static BinlogTable of(Connection c, TableSchema schema, RowConverter converter, ZoneId zone)
            throws SQLException {
        Map<String, String> charsets = charsets(c, schema.name());
        List<Function<Serializable, Object>> readers = schema.columns().stream()
                .map(col -> BinlogValues.reader(col, charsets.get(col.name().toLowerCase(Locale.ROOT)), zone))
                .toList();
        return new BinlogTable(schema, converter, readers);
    }

    /** The table's schema. */
    public TableSchema schema() {
        return schema;
    }

    /** The converter documents are made with. */
    public RowConverter converter() {
        return converter;
    }

    /**
     * The row image {@code cells} (a FULL image: every column, in table order) as a converted row.
     *
     * @throws SchemaMismatchException when the image does not have the schema's columns (a change not seen yet)
     */
    public SourceRow convert(Serializable[] cells) throws SQLException {
        return converter.convert(PlainRowResultSet.of(plain(cells)));
    }

    /**
     * The row image {@code cells} written with the columns {@code columns} (the event's table-map metadata, the
     * columns as they were when it was written) as a converted row of the table as it is now: cells placed by
     * column name, a column the image lacks (added since) read as NULL, a cell of a column dropped or renamed since
     * ignored. With {@code columns} null (the server wrote no names) as {@link #convert(Serializable[])}.
     *
     * @throws SchemaMismatchException when a key column is missing or a cell does not fit its column's type
     */
    public SourceRow convert(Serializable[] cells, List<String> columns) throws SQLException {
        return convert(byName(cells, columns));
    }

    /** As {@link #describeKey(Serializable[])} for an image written with {@code columns} (null: unknown). */
    public String describeKey(Serializable[] cells, List<String> columns) {
        try {
            return describeKey(byName(cells, columns));
        } catch (SchemaMismatchException e) {
            return describeKey(cells);
        }
    }

    /** {@code cells} in the table's current column order (as they are when {@code columns} is null). */
    Serializable[] byName(Serializable[] cells, List<String> columns) {
        if (columns == null) {
            return cells;
        }
        if (columns != placedFor) {
            placed = ColumnNames.positions(schema.name(), columns, schema.columns(), schema.primaryKey());
            placedFor = columns;
        }
        return ColumnNames.place(cells, placed);
    }

    /**
     * The primary key of the row image {@code cells} as text ({@code id=42}, as {@link RowConverter#describeKey}
     * gives it for a page's row), for a row that could not be converted: each key cell as its plain value, or as
     * it came when even that fails.
     */
    public String describeKey(Serializable[] cells) {
        List<ColumnInfo> cols = schema.columns();
        List<ColumnInfo> key = schema.primaryKey();
        Object[] values = new Object[key.size()];
        for (int k = 0; k < key.size(); k++) {
            int i = cols.indexOf(key.get(k));
            Serializable cell = i >= 0 && i < cells.length ? cells[i] : null;
            try {
                values[k] = cell == null ? null : readers.get(i).apply(cell);
            } catch (RuntimeException e) {
                values[k] = cell;
            }
        }
        return converter.describeKey(values, 0);
    }

    /** The cells as the plain values a JDBC read gives. */
    public Object[] plain(Serializable[] cells) {
        List<ColumnInfo> cols = schema.columns();
        if (cells.length != cols.size()) {
            throw new SchemaMismatchException("Table '" + schema.name() + "': the binlog row has " + cells.length
                    + " columns, the schema " + cols.size());
        }
        Object[] out = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            try {
                out[i] = cells[i] == null ? null : readers.get(i).apply(cells[i]);
            } catch (ClassCastException e) {
                throw new SchemaMismatchException("Table '" + schema.name() + "': column '" + cols.get(i).name()
                        + "' has a " + cells[i].getClass().getSimpleName() + " value in the binlog, not its type "
                        + cols.get(i).columnType());
            }
        }
        return out;
    }

    private static Map<String, String> charsets(Connection c, String table) throws SQLException {
        Map<String, String> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, CHARACTER_SET_NAME FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
                }
            }
        }
        return result;
    }
}
