package io.mysqlmongosync.source.binlog;

import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.RowConverter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import javax.sql.DataSource;

/**
 * The SQL side of binlog capture, for the engine (which holds no JDBC calls): the current binlog position, the
 * preconditions check, and the decoder of a table's row images (its column readers and character sets), each on a
 * pooled connection of its own.
 */
@ApplicationScoped
public class BinlogSource {

    private final DataSource dataSource;

    BinlogSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The end of the binlog now (see {@link SourcePositions#current}). */
    public BinlogPosition current() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return SourcePositions.current(c);
        }
    }

    /** Whether the source can be streamed with {@code serverId} (see {@link BinlogPreconditions#check}). */
    public BinlogPreconditions.Result check(long serverId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return BinlogPreconditions.check(c, serverId);
        }
    }

    /** The decoder of {@code schema}'s row images (see {@link BinlogTable#of}). */
    public BinlogTable table(TableSchema schema, RowConverter converter, ZoneId zone) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return BinlogTable.of(c, schema, converter, zone);
        }
    }
}
