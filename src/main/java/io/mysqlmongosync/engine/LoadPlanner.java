package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.LoadRange;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.KeysetPageReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/** Decides whether a fresh load is split into primary-key ranges loaded at once, and which ranges. */
@ApplicationScoped
class LoadPlanner {

    private static final Logger LOG = Logger.getLogger(LoadPlanner.class);

    private final KeysetPageReader reader;
    private final SyncConfig config;

    LoadPlanner(KeysetPageReader reader, SyncConfig config) {
        this.reader = reader;
        this.config = config;
    }

    /**
     * The key ranges a fresh load of {@code schema} is split into, or null to load it in one scan: when
     * SYNC_LOAD_PARTITIONS is 1, the row estimate is below SYNC_LOAD_PARTITION_MIN_ROWS, or the leading key
     * column is not an integer (other types have no cheap, even split).
     */
    List<LoadRange> planRanges(TableSchema schema) throws SQLException {
        if (config.loadPartitions() < 2 || schema.estimatedRows() < config.loadPartitionMinRows()
                || schema.primaryKey().isEmpty()) {
            return null;
        }
        ColumnInfo lead = schema.primaryKey().get(0);
        if (lead.kind() != ColumnKind.INT32 && lead.kind() != ColumnKind.INT64) {
            return null;
        }
        long[] minMax = reader.keyRange(schema, lead);
        List<LoadRange> ranges = minMax == null ? null : LoadRange.split(minMax[0], minMax[1], config.loadPartitions());
        if (ranges != null) {
            LOG.infof("Loading %s in %d key ranges of %s (%d..%d)", schema.name(), ranges.size(), lead.name(),
                    minMax[0], minMax[1]);
        }
        return ranges;
    }
}
