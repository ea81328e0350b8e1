package io.mysqlmongosync.source;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.config.SyncConfig;
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
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Reads one keyset page from MySQL and converts its rows. The result set is streamed row by row, so
 * memory holds at most one page of converted rows. Reading a page is idempotent, which is why it may be
 * retried on connection errors.
 */
@ApplicationScoped
public class KeysetPageReader {

    private static final Logger LOG = Logger.getLogger(KeysetPageReader.class);

    /** What a page read may wait per row it asks for, above the operation timeout. */
    static final int PAGE_TIMEOUT_MS_PER_ROW = 10;

    private final DataSource dataSource;
    private final SourceCalls calls;
    private final boolean socketTimeoutSet;
    private final int operationTimeoutMillis;

    KeysetPageReader(DataSource dataSource, SourceCalls calls,
            @ConfigProperty(name = "MYSQL_SOCKET_TIMEOUT_MS") Optional<String> socketTimeout, SyncConfig config) {
        this.dataSource = dataSource;
        this.calls = calls;
        this.socketTimeoutSet = socketTimeout.filter(v -> !v.isBlank()).isPresent();
        this.operationTimeoutMillis = config.operationTimeoutMillis();
    }

    /**
     * How long a read of a {@code limit}-row page may wait for MySQL's next bytes (the connection's network timeout
     * during the read) when MYSQL_SOCKET_TIMEOUT_MS is unset: max(30 s, 10 ms per row). A keyset page is an index
     * range read of at most {@code limit} rows, streamed; MySQL sends its first row after reading a few index pages
     * and the following ones without pause, so even a cold page from disk (a random read per row, a few ms each)
     * stays well within 10 ms per row. A silent connection (a dead server or a dropped NAT entry: no FIN, no RST)
     * therefore fails the read within that bound and the read is retried. An explicit MYSQL_SOCKET_TIMEOUT_MS is
     * used as is.
     */
    public static int pageTimeoutMillis(int limit, int operationTimeoutMillis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(operationTimeoutMillis,
                (long) limit * PAGE_TIMEOUT_MS_PER_ROW));
    }

    /**
     * Reads up to {@code limit} rows of {@code query} from {@code position}, bounded by {@code upper} when
     * the query is bounded.
     */
    @Retry(retryOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 1.0, delay = 30, delayUnit = ChronoUnit.SECONDS,
            failOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    public Page read(KeysetQuery query, RowConverter converter, KeyPosition position, Object upper, int limit)
            throws SQLException {
        List<SourceRow> rows = new ArrayList<>(limit);
        List<ChangeBatch.Rejected> failures = new ArrayList<>(0);
        int size = 0;
        Object[] lastKey = null;
        String table = query.table();
        String aborted = calls.abortReason(table);
        if (aborted != null) {
            throw new SourceCalls.AbortedException(aborted, null); // a retry after the watchdog aborted the table
        }
        int timeout = socketTimeoutSet ? 0 : pageTimeoutMillis(limit, operationTimeoutMillis);
        Connection borrowed;
        try {
            borrowed = calls.borrow(table, () -> connection(dataSource), timeout);
        } catch (ConnectionLostException e) {
            warnIfTimedOut(table, timeout, limit, e);
            throw e;
        }
        try (Connection c = borrowed) {
            calls.opened(table, c);
            int previous = timeout > 0 ? c.getNetworkTimeout() : 0;
            try (PreparedStatement ps = c.prepareStatement(query.sql(position),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                if (timeout > 0) {
                    c.setNetworkTimeout(Runnable::run, timeout); // Runnable::run: applied before the query is sent
                }
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
                            failures.add(new ChangeBatch.Rejected(converter.describeKey(KeysetQuery.bindable(lastKey),
                                    keyOffset), e.getMessage(), converter.versionOrZero(rs)));
                        }
                    }
                }
            } catch (SQLException e) {
                throw failed(table, timeout, limit, e);
            } finally {
                calls.closed(table, c);
                if (timeout > 0) {
                    restoreTimeout(c, previous);
                }
            }
        }
        return new Page(rows, failures, size, KeysetQuery.bindable(lastKey));
    }

    /** What a failed page read throws: not retried after an abort, retried when the connection broke or timed out. */
    private SQLException failed(String table, int timeout, int limit, SQLException e) {
        String aborted = calls.abortReason(table);
        if (aborted != null) {
            return new SourceCalls.AbortedException(aborted, e); // not retried: the next pass resumes
        }
        warnIfTimedOut(table, timeout, limit, e);
        if (timedOut(e) || connectionLost(e)) {
            // Connector/J reports a timed-out or broken streamed read as a plain SQLException (SQLState 08S01)
            // or as a SQLRecoverableException depending on where the read stopped: retry both alike.
            return new ConnectionLostException(String.valueOf(e.getMessage()), e);
        }
        return e;
    }

    private static void restoreTimeout(Connection c, int previous) {
        try {
            if (!c.isClosed()) {
                c.setNetworkTimeout(Runnable::run, previous);
            }
        } catch (SQLException ignored) {
            // a broken connection: the pool validates it before lending it again
        }
    }


    /** The WARN of a page read (or connection borrow) that the page-size bound {@code timeout} cut short. */
    private static void warnIfTimedOut(String table, int timeout, int limit, SQLException e) {
        if (timeout > 0 && timedOut(e)) {
            LOG.warnf("Reading a page of %s from MySQL got no data for %d ms (the bound of a %d-row page): %s",
                    table, timeout, limit, e.getMessage());
        }
    }

    /** SQLState class 08: the connection failed or broke (the statement itself was fine). */
    private static boolean connectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** Whether {@code e} comes from a socket read that timed out. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The smallest and largest value of the integer column {@code column} (the leading primary-key column, so
     * both are index look-ups), or null for an empty table.
     */
    @Retry(retryOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff
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
