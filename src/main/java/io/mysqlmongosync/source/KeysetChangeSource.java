package io.mysqlmongosync.source;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.schema.ColumnInfo;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The pages of one keyset scan as change batches: the initial load and its key ranges (order: primary key), the
 * incremental pass and the scan for rows whose change column is NULL or a zero date (order: change or created
 * time, primary key; bounded by a frozen upper bound). The next page is read from MySQL while the caller writes the current one, so at most two pages are
 * in memory; the position of a batch is its last order-column values, stored by the caller only after the write.
 */
public final class KeysetChangeSource implements ChangeSource {

    private final KeysetPageReader reader;
    private final KeysetQuery query;
    private final RowConverter converter;
    private final Object upper;
    private final int batch;
    private final ExecutorService readAhead;
    private final long reportedUpTo;
    private KeyPosition first;
    private Future<Page> pending;
    private boolean done;

    /**
     * A scan of {@code query} from {@code start} up to {@code upper} (null: unbounded) in pages of {@code batch}
     * rows, reading ahead on {@code readAhead}; rows with a version at or below {@code reportedUpTo} are re-read
     * on purpose (the look-back window; -1: none).
     */
    public KeysetChangeSource(KeysetPageReader reader, KeysetQuery query, RowConverter converter, KeyPosition start,
            Object upper, int batch, ExecutorService readAhead, long reportedUpTo) {
        this.reader = reader;
        this.query = query;
        this.converter = converter;
        this.first = start;
        this.upper = upper;
        this.batch = batch;
        this.readAhead = readAhead;
        this.reportedUpTo = reportedUpTo;
    }

    /**
     * The SQL condition of one key range {@code [lower, upper)} on the integer leading key column {@code lead}
     * (either bound may be null), or null for the whole table; the bounds are numbers, so safe to inline.
     */
    public static String rangeFilter(ColumnInfo lead, Long lower, Long upper) {
        String c = KeysetQuery.quote(lead.name());
        if (lower != null && upper != null) {
            return c + " >= " + lower + " AND " + c + " < " + upper;
        }
        return lower != null ? c + " >= " + lower : upper != null ? c + " < " + upper : null;
    }

    /** The condition selecting the rows whose {@code column} is NULL. */
    public static String isNull(ColumnInfo column) {
        return KeysetQuery.quote(column.name()) + " IS NULL";
    }

    /**
     * The condition selecting the rows whose temporal {@code column} holds a value no change cursor ever passes:
     * NULL (when the column is nullable) or a date before year 1000, which takes in the zero date
     * {@code 0000-00-00 00:00:00} that legacy applications insert (the server accepts it unless its sql_mode has
     * NO_ZERO_DATE; reading it needs nothing, and no zero literal is sent). A plain comparison with a constant,
     * never a function of the column, so an index on the column serves it as one range.
     */
    public static String unreachable(ColumnInfo column) {
        String c = KeysetQuery.quote(column.name());
        String early = c + " < '" + FIRST_REACHABLE + "'";
        return column.nullable() ? "(" + c + " IS NULL OR " + early + ")" : early;
    }

    /** The earliest value a DATETIME or DATE column is documented to hold; below it lie the zero dates. */
    static final String FIRST_REACHABLE = "1000-01-01";

    @Override
    public ChangeBatch next() throws SQLException {
        Page page = nextPage();
        if (page == null) {
            return null;
        }
        return ChangeBatch.ofRows(page.rows(), page.failures(), page.size(), page.lastKey());
    }

    private Page nextPage() throws SQLException {
        if (done) {
            return null;
        }
        Page page;
        if (first != null) {
            page = reader.read(query, converter, first, upper, batch);
            first = null;
        } else {
            page = await(pending);
            pending = null;
        }
        if (page.size() < batch) {
            done = true;
        } else {
            KeyPosition after = KeyPosition.after(page.lastKey());
            pending = readAhead.submit(() -> reader.read(query, converter, after, upper, batch));
        }
        return page.size() == 0 ? null : page;
    }

    @Override
    public long reportedUpTo() {
        return reportedUpTo;
    }

    private static Page await(Future<Page> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading ahead", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException(cause);
        }
    }

    @Override
    public void close() {
        done = true;
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
