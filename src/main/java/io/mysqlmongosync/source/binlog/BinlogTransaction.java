package io.mysqlmongosync.source.binlog;

import java.util.List;

/**
 * A committed transaction of the binlog, reduced to the synced tables' row changes, or a DDL statement.
 *
 * @param changes row changes in binlog order (empty for DDL or a transaction touching no synced table)
 * @param end the position right after the commit: where a stream resumes once this transaction is applied
 * @param commitMillis the commit event's time (second precision, from the event header)
 * @param ddl the statement of a DDL event (ALTER TABLE ...), or null
 */
public record BinlogTransaction(List<RowChange> changes, BinlogPosition end, long commitMillis, String ddl) {
}
