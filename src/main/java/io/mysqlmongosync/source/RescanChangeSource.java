package io.mysqlmongosync.source;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.engine.port.ChangeSource;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.schema.TableSchema;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;

/**
 * The changes of rows that carry no change time: the whole selection re-read in primary-key order, every row
 * offered as an upsert. The sink's content hash tells the changed rows from the unchanged ones, so only those are
 * written. Used for the rows whose change column no cursor reaches (NULL or a zero date) when the table has no
 * creation-time column, or when that is NULL or a zero date too; a table without change column is re-read the same
 * way, resumably, by its load scans.
 */
public final class RescanChangeSource implements ChangeSource {

    private final KeysetChangeSource scan;

    /** A re-read of the rows of {@code schema} that match {@code filter} (null: all), in pages of {@code batch}. */
    public RescanChangeSource(KeysetPageReader reader, TableSchema schema, String filter, RowConverter converter,
            int batch, ExecutorService readAhead) {
        this.scan = new KeysetChangeSource(reader, KeysetQuery.byPrimaryKey(schema, filter), converter,
                KeyPosition.start(), null, batch, readAhead, -1);
    }

    @Override
    public ChangeBatch next() throws SQLException {
        return scan.next();
    }

    @Override
    public void close() {
        scan.close();
    }
}
