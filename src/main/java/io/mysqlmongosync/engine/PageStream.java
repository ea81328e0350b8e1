package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetPageReader;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.Page;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The pages of one keyset scan, with the next page read from MySQL while the caller writes the current one to
 * MongoDB. At most two pages are in memory; the checkpoint discipline is unchanged because the caller still
 * checkpoints a page only after writing it.
 */
final class PageStream implements AutoCloseable {

    private final KeysetPageReader reader;
    private final KeysetQuery query;
    private final RowConverter converter;
    private final Object upper;
    private final int batch;
    private final ExecutorService pool;
    private KeyPosition first;
    private Future<Page> pending;
    private boolean done;

    PageStream(KeysetPageReader reader, KeysetQuery query, RowConverter converter, KeyPosition start, Object upper,
            int batch, ExecutorService pool) {
        this.reader = reader;
        this.query = query;
        this.converter = converter;
        this.first = start;
        this.upper = upper;
        this.batch = batch;
        this.pool = pool;
    }

    /** The next non-empty page, or null at the end of the scan. */
    Page next() throws SQLException {
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
            pending = pool.submit(() -> reader.read(query, converter, after, upper, batch));
        }
        return page.size() == 0 ? null : page;
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
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
