package io.mysqlmongosync.source;

import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.mapping.TypeConverter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * Answers "which of these document ids still have a row?" with one {@code WHERE pk IN (...)} query per chunk,
 * so hard-delete reconciliation and verification need memory for one chunk only and do not depend on MySQL
 * and BSON sorting keys the same way.
 */
@ApplicationScoped
public class KeyLookup {

    /** Key column kinds whose BSON {@code _id} binds back to the exact SQL value. */
    private static final Set<ColumnKind> EXACT = EnumSet.of(ColumnKind.INT32, ColumnKind.INT64, ColumnKind.UINT64,
            ColumnKind.DECIMAL, ColumnKind.STRING, ColumnKind.BOOLEAN, ColumnKind.YEAR, ColumnKind.TIME);

    private final DataSource dataSource;

    KeyLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Why ids of {@code schema} cannot be looked up exactly (e.g. a DATETIME key stored as a millisecond date),
     * or empty when they can. Reconciliation refuses such tables rather than risk deleting a live document.
     */
    public Optional<String> unsupported(TableSchema schema) {
        return schema.primaryKey().stream().filter(c -> !EXACT.contains(c.kind())).findFirst()
                .map(c -> "key column " + c.name() + " (" + c.columnType() + ") does not map back to SQL exactly");
    }

    /** The subset of {@code ids} whose rows exist in {@code schema}'s table. */
    public Set<Object> existing(TableSchema schema, TypeConverter converter, List<Object> ids) throws SQLException {
        Set<Object> found = new HashSet<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return found;
        }
        List<ColumnInfo> pk = schema.primaryKey();
        TableSchema keyOnly = new TableSchema(schema.name(), pk, pk, Optional.empty(), Optional.empty(), List.of(), 0);
        RowConverter keys = new RowConverter(keyOnly, converter);
        StringJoiner cols = new StringJoiner(", ");
        pk.forEach(c -> cols.add(KeysetQuery.quote(c.name())));
        String tuple = pk.size() == 1 ? "?" : "(" + "?, ".repeat(pk.size() - 1) + "?)";
        String lhs = pk.size() == 1 ? cols.toString() : "(" + cols + ")";
        String sql = "SELECT " + cols + " FROM " + KeysetQuery.quote(schema.name()) + " WHERE " + lhs + " IN ("
                + String.join(", ", java.util.Collections.nCopies(ids.size(), tuple)) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (Object id : ids) {
                if (pk.size() == 1) {
                    bind(ps, p++, id);
                } else {
                    Document d = (Document) id;
                    for (ColumnInfo col : pk) {
                        bind(ps, p++, d.get(col.name()));
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
