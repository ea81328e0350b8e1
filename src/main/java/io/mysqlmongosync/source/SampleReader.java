package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.RowConverter;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the first rows of a table by primary key for an operator to look at: each row's column values as an operator
 * reads them, next to what the row converts to (or why it cannot be converted).
 */
@ApplicationScoped
public class SampleReader {

    /** How long the sample query may run. */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    private final DataSource dataSource;

    SampleReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One sampled row.
     *
     * @param columns column → value: numbers as numbers, DECIMAL and unsigned BIGINT as exact text, temporal values
     *        as MySQL text, BIT as a number, binary as base64
     * @param converted what the row converts to, or null when it cannot be converted
     * @param problem why it cannot be converted, or null
     */
    public record SampleRow(Map<String, Object> columns, SourceRow converted, String problem) {
    }

    /** The first {@code limit} rows of {@code schema}'s table by primary key, converted by {@code converter}. */
    public List<SampleRow> firstRows(TableSchema schema, RowConverter converter, int limit) throws SQLException {
        KeysetQuery query = KeysetQuery.byPrimaryKey(schema, null);
        List<ColumnInfo> columns = schema.columns();
        List<SampleRow> out = new ArrayList<>(limit);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(query.sql(KeyPosition.start()))) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            query.bind(ps, KeyPosition.start(), null, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i).name(), plain(KeysetQuery.readRaw(rs, i + 1, columns.get(i)),
                                columns.get(i)));
                    }
                    out.add(convert(rs, converter, row));
                }
            }
        }
        return out;
    }

    private static SampleRow convert(ResultSet rs, RowConverter converter, Map<String, Object> row)
            throws SQLException {
        try {
            return new SampleRow(row, converter.convert(rs), null);
        } catch (ConversionException | ArithmeticException | DateTimeException e) {
            return new SampleRow(row, null, e.getMessage()); // the sync skips such a row as well
        }
    }

    /** A raw JDBC value as JSON-friendly text or number (exact decimals as text, so no client rounds them). */
    private static Object plain(Object v, ColumnInfo column) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return switch (column.kind()) {
                case BIT_BOOLEAN, BIT_LONG -> new BigInteger(1, b).longValue();
                default -> Base64.getEncoder().encodeToString(b);
            };
        }
        return v;
    }
}
