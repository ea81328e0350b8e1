package io.mysqlmongosync.source;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The MySQL connections each table is reading through right now, so the run watchdog can abort a table's stuck
 * read: a thread blocked in a socket read is not woken by {@link Thread#interrupt()}, but
 * {@link Connection#abort} closes the socket under it. An aborted table's reads fail at once, without retries, until
 * its next pass starts ({@link #clear}).
 */
@ApplicationScoped
public class SourceCalls {

    private static final Logger LOG = Logger.getLogger(SourceCalls.class);

    private final Map<String, Set<Connection>> open = new ConcurrentHashMap<>();
    private final Map<String, String> aborted = new ConcurrentHashMap<>();
    private final ExecutorService aborter = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mysql-abort");
        t.setDaemon(true);
        return t;
    });

    /**
     * A connection for a read of {@code table}, borrowed on another thread so that the watchdog can abort the wait:
     * the pool validates a connection before lending it, and that query blocks on a silent server like any other.
     */
    Connection borrow(String table, java.util.concurrent.Callable<Connection> borrow, int timeoutMillis)
            throws SQLException {
        java.util.concurrent.Future<Connection> f = aborter.submit(borrow);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            if (timeoutMillis > 0 && System.nanoTime() - deadline > 0) {
                aborter.execute(() -> closeWhenBorrowed(f));
                throw new ConnectionLostException("No MySQL connection for " + table + " within " + timeoutMillis
                        + " ms (the pool's validation query got no answer)", new java.net.SocketTimeoutException());
            }
            try {
                return f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                String why = aborted.get(table);
                if (why != null) {
                    aborter.execute(() -> closeWhenBorrowed(f));
                    throw new AbortedException(why, null);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SQLException s) {
                    throw s;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new SQLException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                aborter.execute(() -> closeWhenBorrowed(f));
                throw new SQLException("interrupted while waiting for a MySQL connection", e);
            }
        }
    }

    /** Gives back the connection of a borrow nobody waits for any more, once (if ever) the pool lends it. */
    private static void closeWhenBorrowed(java.util.concurrent.Future<Connection> f) {
        try {
            f.get().close();
        } catch (Exception ignored) {
            // the borrow failed: nothing to give back
        }
    }

    /**
     * {@code table} reads through {@code c} until {@link #closed}. Throws {@link AbortedException} (and forgets
     * {@code c}) when the table was aborted meanwhile: the watchdog aborts a table once, closing the connections
     * registered then, so a read that registers after that must not start, or it could block on the silent server for
     * the whole socket timeout. The connection is added before the flag is read and {@link #abort} sets the flag
     * before it reads the connections, so every read is either aborted there or refused here.
     */
    void opened(String table, Connection c) throws AbortedException {
        open.computeIfAbsent(table, k -> ConcurrentHashMap.newKeySet()).add(physical(c));
        String why = aborted.get(table);
        if (why != null) {
            closed(table, c);
            throw new AbortedException(why, null);
        }
    }

    /** The read through {@code c} ended. */
    void closed(String table, Connection c) {
        Set<Connection> set = open.get(table);
        if (set != null) {
            set.remove(physical(c));
        }
    }

    /**
     * The driver's own connection under the pool's wrapper: the pool's {@code abort} swaps its wrapper's connection for
     * a closed placeholder before it aborts, so it would abort the placeholder and leave the socket read blocked. The
     * driver's abort closes the socket; the read fails at once and the pool discards the connection when it is given
     * back (the driver's error is fatal to the pool's exception sorter).
     */
    private static Connection physical(Connection c) {
        try {
            Connection inner = c.unwrap(Connection.class);
            return inner != null ? inner : c;
        } catch (SQLException | RuntimeException e) {
            return c;
        }
    }

    /** Why {@code table}'s reads were aborted, or null. */
    public String abortReason(String table) {
        return aborted.get(table);
    }

    /**
     * Aborts every read of {@code table} now, failing it with {@code reason}, and refuses its further reads until
     * {@link #clear}. Returns how many connections were aborted.
     */
    public int abort(String table, String reason) {
        aborted.put(table, reason);
        int n = 0;
        Set<Connection> set = open.get(table);
        if (set != null) {
            for (Connection c : set) {
                try {
                    c.abort((Executor) aborter);
                    n++;
                } catch (SQLException | RuntimeException e) {
                    LOG.warnf("Could not abort a MySQL connection of table %s: %s", table, e.getMessage());
                }
            }
        }
        return n;
    }

    /** A new pass of {@code table} starts: its reads are allowed again. */
    public void clear(String table) {
        aborted.remove(table);
    }

    /** Thrown by a read of a table the watchdog aborted; not retried. */
    public static final class AbortedException extends java.sql.SQLNonTransientException {
        AbortedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        aborter.shutdownNow();
    }
}
