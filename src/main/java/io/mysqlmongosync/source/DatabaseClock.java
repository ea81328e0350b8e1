package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.TypeConverter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import io.mysqlmongosync.metrics.RetryLogger;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import java.time.Duration;
import java.time.LocalDateTime;
import javax.sql.DataSource;

/**
 * The source database's own clock. Cursor bounds come from here, never from the service's clock, so a
 * skewed pod clock cannot move the upper bound past rows that are not yet committed.
 */
@ApplicationScoped
public class DatabaseClock {

    private final DataSource dataSource;

    DatabaseClock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code NOW(6)} in the session time zone, in MySQL text form; retried like a page read. */
    @Retry(retryOn = {SQLRecoverableException.class, SQLTransientException.class, ConnectionLostException.class})
    @BeforeRetry(RetryLogger.class)
    @ExponentialBackoff
    public String now() throws SQLException {
        try (Connection c = KeysetPageReader.connection(dataSource); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT NOW(6)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code value} minus {@code amount}, in MySQL text form. */
    public static String minus(String value, Duration amount) {
        LocalDateTime t = TypeConverter.parseDateTime(value);
        return TypeConverter.formatDateTime(t.minus(amount));
    }
}
