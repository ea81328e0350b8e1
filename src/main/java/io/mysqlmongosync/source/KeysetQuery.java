package io.mysqlmongosync.source;

import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.mapping.TypeConverter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One keyset scan over a table: {@code WHERE [filter] AND (position) AND bound <= :upper ORDER BY order LIMIT n}.
 * Tuple comparison is expanded lexicographically ({@code a > ? OR (a = ? AND b > ?)}) because MariaDB does not
 * always use an index for row constructors; the indexed column is never wrapped in a function.
 */
public final class KeysetQuery {

    private final TableSchema schema;
    private final List<ColumnInfo> order;
    private final String filter;
    private final ColumnInfo bounded;
    private final int[] orderIndexes;
    private final String select;
    private final boolean[] directTime;
    /** The kinds of the order columns, worked out once ({@link ColumnInfo#kind} parses the type names per call). */
    private final ColumnKind[] orderKinds;

    /**
     * @param schema the table
     * @param order columns the scan is ordered by (ends with the primary key, so the order is total)
     * @param filter an extra SQL condition or null
     * @param bounded column compared with the frozen upper bound, or null for no bound
     */
    public KeysetQuery(TableSchema schema, List<ColumnInfo> order, String filter, ColumnInfo bounded) {
        this.schema = schema;
        this.order = List.copyOf(order);
        this.filter = filter;
        this.bounded = bounded;
        this.orderIndexes = order.stream().mapToInt(c -> schema.columns().indexOf(c) + 1).toArray();
        this.select = selectAll(schema);
        this.directTime = new boolean[order.size()];
        this.orderKinds = order.stream().map(ColumnInfo::kind).toArray(ColumnKind[]::new);
        for (int i = 0; i < directTime.length; i++) {
            directTime[i] = ColumnReaders.readsDirectly(order.get(i));
        }
    }

    /** {@code SELECT <every column, in schema order> FROM <table>}: the shape every row converter reads. */
    public static String selectAll(TableSchema schema) {
        return "SELECT " + String.join(", ", schema.columns().stream().map(c -> quote(c.name())).toList()) + " FROM "
                + quote(schema.name());
    }

    /** Keyset over the primary key alone (initial load, full re-read). */
    public static KeysetQuery byPrimaryKey(TableSchema schema, String filter) {
        return new KeysetQuery(schema, schema.primaryKey(), filter, null);
    }

    /** Keyset over (change column, primary key), bounded by the frozen upper bound on the change column. */
    public static KeysetQuery byChange(TableSchema schema, ColumnInfo change, String filter) {
        List<ColumnInfo> cols = new java.util.ArrayList<>();
        cols.add(change);
        cols.addAll(schema.primaryKey());
        return new KeysetQuery(schema, cols, filter, change);
    }

    /** The table read. */
    public String table() {
        return schema.name();
    }

    /** The order columns. */
    public List<ColumnInfo> order() {
        return order;
    }

    /** Whether the scan is bounded above. */
    public boolean bounded() {
        return bounded != null;
    }

    /** The SQL for a page starting at {@code position}. */
    public String sql(KeyPosition position) {
        StringBuilder where = new StringBuilder();
        if (filter != null) {
            where.append('(').append(filter).append(')');
        }
        if (!position.isStart()) {
            and(where).append(position.inclusiveFirst() ? quote(order.get(0).name()) + " >= ?" : tupleAfter());
        }
        if (bounded != null) {
            and(where).append(quote(bounded.name())).append(" <= ?");
        }
        StringBuilder sql = new StringBuilder(select);
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(where);
        }
        sql.append(" ORDER BY ").append(String.join(", ", order.stream().map(c -> quote(c.name())).toList()));
        return sql.append(" LIMIT ?").toString();
    }

    /** Binds the parameters of {@link #sql(KeyPosition)}. */
    public void bind(PreparedStatement ps, KeyPosition position, Object upper, int limit) throws SQLException {
        int p = 1;
        Object[] v = position.values();
        if (position.inclusiveFirst()) {
            ps.setObject(p++, v[0]);
        } else if (v.length > 0) {
            for (int i = 0; i < order.size(); i++) {
                for (int j = 0; j < i; j++) {
                    ps.setObject(p++, v[j]);
                }
                ps.setObject(p++, v[i]);
            }
        }
        if (bounded != null) {
            ps.setObject(p++, upper);
        }
        ps.setInt(p, limit);
    }

    /**
     * The order-column values of the current row, cheap to read for every row: as {@link #readRaw}, except that a
     * DATETIME value may be a {@link LocalDateTime}; {@link #bindable} turns the one key that is kept into the
     * values that bind back into {@link #bind}.
     */
    public Object[] readKey(ResultSet rs) throws SQLException {
        Object[] key = new Object[order.size()];
        for (int i = 0; i < key.length; i++) {
            LocalDateTime t = directTime[i] ? ColumnReaders.localDateTime(rs, orderIndexes[i]) : null;
            // NULL or a zero date: the text form, as before
            key[i] = t != null ? t : readRaw(rs, orderIndexes[i], orderKinds[i]);
        }
        return key;
    }

    /** {@code key} from {@link #readKey} with date-times in MySQL's text form (six fractional digits). */
    public static Object[] bindable(Object[] key) {
        if (key == null) {
            return null;
        }
        Object[] out = key.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof LocalDateTime t) {
                out[i] = TypeConverter.formatDateTime(t);
            }
        }
        return out;
    }

    /** Reads a raw value that binds back unchanged (numbers exact, temporal values as MySQL text). */
    public static Object readRaw(ResultSet rs, int index, ColumnInfo column) throws SQLException {
        return readRaw(rs, index, column.kind());
    }

    private static Object readRaw(ResultSet rs, int index, ColumnKind kind) throws SQLException {
        Object v = switch (kind) {
            case BOOLEAN, INT32, INT64, YEAR -> {
                long l = rs.getLong(index);
                yield rs.wasNull() ? null : l;
            }
            case UINT64, DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> {
                double d = rs.getDouble(index);
                yield rs.wasNull() ? null : d;
            }
            case BINARY, BIT_BOOLEAN, BIT_LONG, GEOMETRY -> rs.getBytes(index);
            default -> rs.getString(index);
        };
        return v;
    }

    private String tupleAfter() {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < order.size(); i++) {
            if (i > 0) {
                s.append(" OR ");
            }
            s.append('(');
            for (int j = 0; j < i; j++) {
                s.append(quote(order.get(j).name())).append(" = ? AND ");
            }
            s.append(quote(order.get(i).name())).append(" > ?)");
        }
        return s.append(')').toString();
    }

    private static StringBuilder and(StringBuilder where) {
        return where.isEmpty() ? where : where.append(" AND ");
    }

    /** Quotes an identifier with backticks. */
    public static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }
}
