package io.mysqlmongosync.source.binlog;

import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.KeysetPageReader;
import io.mysqlmongosync.source.RescanChangeSource;
import io.mysqlmongosync.source.RowConverter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The SQL side of binlog capture, for the engine (which holds no JDBC calls): the current binlog position, the
 * preconditions check, the decoder of a table's row images (its column readers and character sets), each on a
 * pooled connection of its own, and the re-read of a table's rows after a DDL changed its columns.
 */
@ApplicationScoped
public class BinlogSource {

    private static final Logger LOG = Logger.getLogger(BinlogSource.class);

    private final DataSource dataSource;
    private final KeysetPageReader reader;
    private final AtomicBoolean adviceLogged = new AtomicBoolean();

    BinlogSource(DataSource dataSource, KeysetPageReader reader) {
        this.dataSource = dataSource;
        this.reader = reader;
    }

    /** The end of the binlog now (see {@link SourcePositions#current}). */
    public BinlogPosition current() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return SourcePositions.current(c);
        }
    }

    /**
     * Whether the source can be streamed with {@code serverId} (see {@link BinlogPreconditions#check}); its advice
     * (settings that are not required but recommended) is logged as a WARN the first time.
     */
    public BinlogPreconditions.Result check(long serverId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            BinlogPreconditions.Result r = BinlogPreconditions.check(c, serverId);
            if (!r.advice().isEmpty() && adviceLogged.compareAndSet(false, true)) {
                LOG.warnf("Binlog capture: %s", String.join("; ", r.advice()));
            }
            return r;
        }
    }

    /** The decoder of {@code schema}'s row images (see {@link BinlogTable#of}). */
    public BinlogTable table(TableSchema schema, RowConverter converter, ZoneId zone) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return BinlogTable.of(c, schema, converter, zone);
        }
    }

    /**
     * Every row of {@code schema}'s table as it is now, in primary-key pages of {@code batch}, converted by
     * {@code converter}: the re-read that brings the documents written before a column change to the new shape. The
     * source reads one page ahead on a thread of its own, ended by {@link ChangeSource#close()}.
     */
    public ChangeSource currentRows(TableSchema schema, RowConverter converter, int batch) {
        ExecutorService readAhead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "binlog-reread-" + schema.name());
            t.setDaemon(true);
            return t;
        });
        RescanChangeSource rows = new RescanChangeSource(reader, schema, null, converter, batch, readAhead);
        return new ChangeSource() {
            @Override
            public io.mysqlmongosync.engine.port.ChangeBatch next() throws Exception {
                return rows.next();
            }

            @Override
            public void close() {
                try {
                    rows.close();
                } finally {
                    readAhead.shutdownNow();
                }
            }
        };
    }
}
