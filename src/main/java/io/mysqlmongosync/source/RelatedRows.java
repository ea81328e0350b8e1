package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.metrics.SyncMetrics;
import io.mysqlmongosync.schema.TableSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Reads the rows of a table whose column holds one of a set of values, with one {@code WHERE column IN (...)}
 * query: the children or referenced rows that embedded copies are made of.
 */
@ApplicationScoped
public class RelatedRows {

    private static final Logger LOG = Logger.getLogger(RelatedRows.class);

    /** How long a {@link Read#LATEST} read may wait for the commits it waits for before it fails. */
    static final int LATEST_READ_TIMEOUT_SECONDS = 30;

    /** Which state of the rows a read returns. */
    public enum Read {
        /** A plain consistent read: the rows as committed when the statement starts (scans, verification). */
        SNAPSHOT,
        /**
         * The rows as the binlog already shows them. A server writes a transaction to its binlog, where binlog
         * readers may receive it, before the storage engine commits it (two-phase commit: prepare, binlog, commit),
         * so a plain read right after a binlog event can miss that event's own rows. This read is a locking read
         * ({@code LOCK IN SHARE MODE}, at READ COMMITTED so that it locks only the rows it returns): InnoDB gives it
         * the latest committed version of each row and makes it wait for a row whose transaction is still
         * committing. Its locks end with the statement (autocommit). Binlog streams read with it.
         */
        LATEST
    }

    private final DataSource dataSource;
    private final SyncMetrics metrics;

    RelatedRows(DataSource dataSource, SyncMetrics metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    /**
     * The rows of {@code schema} whose {@code column} is one of {@code values}, converted with {@code converter};
     * in primary-key order when {@code keyOrder}; in the state {@code read} says. An unconvertible row is left out,
     * logged and counted.
     */
    public List<SourceRow> where(TableSchema schema, RowConverter converter, String column, Collection<Object> values,
            boolean keyOrder, Read read) throws SQLException {
        if (values.isEmpty()) {
            return List.of();
        }
        String sql = KeysetQuery.selectAll(schema) + " WHERE " + KeysetQuery.quote(column) + " IN ("
                + String.join(", ", Collections.nCopies(values.size(), "?")) + ")";
        if (keyOrder) {
            StringJoiner order = new StringJoiner(", ");
            schema.primaryKey().forEach(c -> order.add(KeysetQuery.quote(c.name())));
            sql += " ORDER BY " + order;
        }
        if (read == Read.LATEST) {
            sql += " LOCK IN SHARE MODE";
        }
        List<SourceRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (read == Read.LATEST) {
                try (Statement s = c.createStatement()) {
                    // Without SESSION it applies to the next transaction only: the autocommit SELECT below.
                    s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
                }
                ps.setQueryTimeout(LATEST_READ_TIMEOUT_SECONDS);
            }
            int i = 1;
            for (Object v : values) {
                KeyLookup.bind(ps, i++, v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    convert(schema.name(), converter, rs, rows);
                }
            }
        }
        return rows;
    }

    private void convert(String table, RowConverter converter, ResultSet rs, List<SourceRow> rows) throws SQLException {
        try {
            rows.add(converter.convert(rs));
        } catch (ConversionException | ArithmeticException | java.time.DateTimeException e) {
            // One unconvertible row (e.g. an invalid date stored with ALLOW_INVALID_DATES) is left out and counted,
            // like a row of a page; the documents embedding it are still written.
            LOG.warnf("Skipped row of table %s while embedding it: %s", table, e.getMessage());
            metrics.error("conversion");
            metrics.validationFailures(table, "rejected", "conversion", 1);
        }
    }
}
