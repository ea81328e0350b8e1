package io.mysqlmongosync.source;

import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.TypeOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * Answers "which of these document ids still have a row?" with one query per chunk, so hard-delete reconciliation
 * and verification need memory for one chunk only and do not depend on MySQL and BSON sorting keys the same way.
 *
 * <p>Each {@code _id} is bound back to the SQL value it came from (a BSON binary as its bytes, a date as the
 * date-time text in SYNC_SOURCE_TIME_ZONE, a SET's array as its comma-separated members, ...). A document counts
 * as having a row only when a row the query returns converts to exactly its {@code _id}, so a lookup that finds a
 * neighbouring value (a collation, a trailing space) never keeps a document alive, and one that finds nothing for
 * a value it could not bind never deletes one: ids with a NULL part (a zero-date key written as null) are always
 * reported as existing. Key kinds with no exact way back are named by {@link #lookupProblem}.
 */
@ApplicationScoped
public class KeyLookup {

    /** Key column kinds whose BSON {@code _id} binds back to the exact SQL value as is (reverse inserts). */
    private static final Set<ColumnKind> EXACT = EnumSet.of(ColumnKind.INT32, ColumnKind.INT64, ColumnKind.UINT64,
            ColumnKind.DECIMAL, ColumnKind.STRING, ColumnKind.BOOLEAN, ColumnKind.YEAR, ColumnKind.TIME);

    private final DataSource dataSource;

    KeyLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Why documents of {@code schema} cannot name their row by {@code _id} for a reverse insert (whose values come
     * from the document as is: a DATETIME key stored as a millisecond date, a BINARY key, ...), or empty.
     */
    public Optional<String> unsupported(TableSchema schema) {
        return schema.primaryKey().stream().filter(c -> !EXACT.contains(c.kind())).findFirst()
                .map(c -> "key column " + c.name() + " (" + c.columnType() + ") does not map back to SQL exactly");
    }

    /**
     * Why {@link #existing} cannot look up the keys of {@code schema} exactly, naming the table and the key column,
     * or empty when it can: a FLOAT (read back as the nearest double, not the stored single-precision value, so
     * equality misses), JSON or geometry key, or a DATETIME/TIMESTAMP key when SYNC_SOURCE_TIME_ZONE has
     * daylight-saving shifts (a wall-clock time in the spring gap has no instant, one in the autumn overlap has two,
     * so the key's date does not lead back to its text). Every other kind can: numbers, strings,
     * BINARY/VARBINARY/BLOB, BIT, SET, DATE, TIME, YEAR, and DATETIME/TIMESTAMP in a fixed-offset zone (the default
     * UTC), those with more than millisecond precision over the millisecond their {@code _id} keeps.
     */
    public Optional<String> lookupProblem(TableSchema schema, TypeOptions options) {
        for (ColumnInfo c : schema.primaryKey()) {
            String why = switch (c.kind()) {
                case DOUBLE -> "float".equals(c.dataType().toLowerCase(Locale.ROOT))
                        ? "FLOAT values are read as the nearest double, which is not the stored single-precision value"
                        : null;
                case JSON, GEOMETRY -> "its values have no exact SQL equality";
                case DATETIME -> fixedOffset(options.zone()) ? null
                        : "SYNC_SOURCE_TIME_ZONE " + options.zone() + " has daylight-saving shifts: a wall-clock time"
                                + " in the spring gap has no instant and one in the autumn overlap has two";
                default -> null;
            };
            if (why != null) {
                return Optional.of("table " + schema.name() + ": key column " + c.name() + " (" + c.columnType()
                        + ") cannot be looked up in MySQL from the document's _id: " + why);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every wall-clock time of {@code zone} is exactly one instant, so a DATETIME/TIMESTAMP key's date (its
     * text read in SYNC_SOURCE_TIME_ZONE, which is also the session zone) leads back to that text.
     */
    private static boolean fixedOffset(ZoneId zone) {
        return zone instanceof ZoneOffset || zone.getRules().isFixedOffset();
    }

    /**
     * The subset of {@code ids} whose rows exist in {@code schema}'s table (see the class comment); call only when
     * {@link #lookupProblem} is empty.
     */
    public Set<Object> existing(TableSchema schema, TypeConverter converter, List<Object> ids) throws SQLException {
        Set<Object> found = new HashSet<>(ids.size() * 2);
        List<ColumnInfo> pk = schema.primaryKey();
        List<Object[]> lookups = new ArrayList<>(ids.size());
        for (Object id : ids) {
            Object[] parts = parts(pk, id);
            if (parts == null) {
                continue; // not shaped like a key of this table: no row can have it
            }
            boolean hasNull = false;
            for (Object p : parts) {
                hasNull |= p == null;
            }
            if (hasNull) {
                found.add(id); // a NULL part (a zero-date key) binds to nothing: never report the row gone
            } else {
                lookups.add(parts);
            }
        }
        if (lookups.isEmpty()) {
            return found;
        }
        TableSchema keyOnly = new TableSchema(schema.name(), pk, pk, Optional.empty(), Optional.empty(), List.of(), 0);
        RowConverter keys = new RowConverter(keyOnly, converter);
        ZoneId zone = converter.options().zone();
        boolean[] ranged = new boolean[pk.size()];
        boolean anyRange = false;
        for (int i = 0; i < ranged.length; i++) {
            ranged[i] = pk.get(i).kind() == ColumnKind.DATETIME && pk.get(i).fsp() > 3;
            anyRange |= ranged[i];
        }
        String sql = KeysetQuery.selectAll(keyOnly) + " WHERE "
                + (anyRange ? rangeCondition(pk, ranged, lookups.size()) : inCondition(pk, lookups.size()));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (Object[] parts : lookups) {
                for (int i = 0; i < parts.length; i++) {
                    ColumnInfo col = pk.get(i);
                    if (ranged[i]) {
                        // The _id keeps the µs floored to ms: every row in that millisecond converts to it.
                        long ms = ((Date) parts[i]).getTime();
                        ps.setString(p++, localText(ms, zone));
                        ps.setString(p++, localText(ms + 1, zone));
                    } else {
                        bindKey(ps, p++, col, parts[i], zone);
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(keys.convert(rs).id());
                }
            }
        }
        return found;
    }

    /** The key values of {@code id} in key-column order, or null when it is not shaped like a key of {@code pk}. */
    private static Object[] parts(List<ColumnInfo> pk, Object id) {
        if (pk.size() == 1) {
            return id instanceof Document ? null : new Object[] {id};
        }
        if (!(id instanceof Document d) || d.size() != pk.size()) {
            return null;
        }
        Object[] parts = new Object[pk.size()];
        for (int i = 0; i < parts.length; i++) {
            String name = pk.get(i).name();
            if (!d.containsKey(name)) {
                return null;
            }
            parts[i] = d.get(name);
        }
        return parts;
    }

    /** {@code (a, b) IN ((?, ?), ...)} (or {@code a IN (?, ...)}) for {@code n} keys. */
    private static String inCondition(List<ColumnInfo> pk, int n) {
        StringJoiner cols = new StringJoiner(", ");
        pk.forEach(c -> cols.add(KeysetQuery.quote(c.name())));
        String tuple = pk.size() == 1 ? "?" : "(" + "?, ".repeat(pk.size() - 1) + "?)";
        String lhs = pk.size() == 1 ? cols.toString() : "(" + cols + ")";
        return lhs + " IN (" + String.join(", ", java.util.Collections.nCopies(n, tuple)) + ")";
    }

    /**
     * {@code (a = ? AND t >= ? AND t < ?) OR ...} for {@code n} keys: a DATETIME key with more than millisecond
     * precision is looked up over the millisecond its {@code _id} holds (each side a plain comparison of the column,
     * so the primary key serves it as ranges).
     */
    private static String rangeCondition(List<ColumnInfo> pk, boolean[] ranged, int n) {
        StringJoiner one = new StringJoiner(" AND ", "(", ")");
        for (int i = 0; i < pk.size(); i++) {
            String c = KeysetQuery.quote(pk.get(i).name());
            one.add(ranged[i] ? c + " >= ? AND " + c + " < ?" : c + " = ?");
        }
        return "(" + String.join(" OR ", java.util.Collections.nCopies(n, one.toString())) + ")";
    }

    /** Binds the {@code _id} value {@code v} of key column {@code col} as the SQL value it was converted from. */
    private static void bindKey(PreparedStatement ps, int index, ColumnInfo col, Object v, ZoneId zone)
            throws SQLException {
        if (v instanceof Date d) {
            if (col.kind() == ColumnKind.DATE) { // a date at 00:00 UTC
                ps.setString(index, d.toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString());
            } else {
                ps.setString(index, localText(d.getTime(), zone));
            }
        } else if (v instanceof List<?> members) { // SET: the members in the server's order
            StringJoiner j = new StringJoiner(",");
            members.forEach(m -> j.add(String.valueOf(m)));
            ps.setString(index, j.toString());
        } else {
            bind(ps, index, v);
        }
    }

    /** The DATETIME text of epoch millisecond {@code ms} in {@code zone}. */
    private static String localText(long ms, ZoneId zone) {
        return TypeConverter.formatDateTime(LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(ms), zone));
    }

    /** Binds a BSON key value back to its SQL form. */
    public static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v instanceof Decimal128 d) {
            ps.setBigDecimal(index, d.bigDecimalValue());
        } else if (v instanceof Binary b) {
            ps.setBytes(index, b.getData());
        } else if (v instanceof Boolean b) {
            ps.setInt(index, b ? 1 : 0);
        } else {
            ps.setObject(index, v);
        }
    }
}
