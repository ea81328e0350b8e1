package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.RowConverter;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.metrics.RetryLogger;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Reads one keyset page from MySQL and converts its rows. The result set is streamed row by row, so
 * memory holds at most one page of converted rows. Reading a page is idempotent, which is why it may be
 * retried on connection errors.
 */
@ApplicationScoped
public class KeysetPageReader {

    private final DataSource dataSource;

    KeysetPageReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Reads up to {@code limit} rows of {@code query} from {@code position}, bounded by {@code upper} when
     * the query is bounded.
     */
    @Retry(maxRetries = 3, delay = 30, delayUnit = ChronoUnit.SECONDS, maxDuration = 1, durationUnit = ChronoUnit.HOURS,
            jitter = 0, retryOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.MINUTES)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 1.0, delay = 30, delayUnit = ChronoUnit.SECONDS,
            failOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    public Page read(KeysetQuery query, RowConverter converter, KeyPosition position, Object upper, int limit)
            throws SQLException {
        List<SourceRow> rows = new ArrayList<>(limit);
        List<Page.RowFailure> failures = new ArrayList<>(0);
        int size = 0;
        Object[] lastKey = null;
        try (Connection c = connection(dataSource); PreparedStatement ps = c.prepareStatement(query.sql(position),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the result
            query.bind(ps, position, upper, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    size++;
                    lastKey = query.readKey(rs);
                    try {
                        rows.add(converter.convert(rs));
                    } catch (ConversionException | ArithmeticException | java.time.DateTimeException e) {
                        int keyOffset = query.order().size() - converter.schema().primaryKey().size();
                        failures.add(new Page.RowFailure(converter.describeKey(KeysetQuery.bindable(lastKey), keyOffset),
                                e.getMessage(),
                                converter.versionOrZero(rs)));
                    }
                }
            }
        }
        return new Page(rows, failures, size, KeysetQuery.bindable(lastKey));
    }

    /**
     * The smallest and largest value of the integer column {@code column} (the leading primary-key column, so
     * both are index look-ups), or null for an empty table.
     */
    @Retry(maxRetries = 3, delay = 30, delayUnit = ChronoUnit.SECONDS, maxDuration = 1, durationUnit = ChronoUnit.HOURS,
            jitter = 0, retryOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.MINUTES)
    public long[] keyRange(TableSchema schema, ColumnInfo column) throws SQLException {
        String c = KeysetQuery.quote(column.name());
        try (Connection conn = connection(dataSource); PreparedStatement ps = conn.prepareStatement(
                "SELECT MIN(" + c + "), MAX(" + c + ") FROM " + KeysetQuery.quote(schema.name()));
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long min = rs.getLong(1);
            if (rs.wasNull()) {
                return null;
            }
            return new long[] {min, rs.getLong(2)};
        }
    }

    /** A pooled connection; an unreachable server becomes a retryable {@link ConnectionLostException}. */
    static Connection connection(DataSource dataSource) throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            // Unreachable server (SQLState 08xxx) or a pool timeout (no SQLState) is worth retrying;
            // a wrong password (28000) or a missing database (42000) is not.
            String state = e.getSQLState();
            if (e instanceof SQLRecoverableException || e instanceof SQLTransientException
                    || (state != null && !state.startsWith("08"))) {
                throw e;
            }
            throw new ConnectionLostException("Cannot get a MySQL connection: " + e.getMessage(), e);
        }
    }
}
