package io.mysqlmongosync.source;

import io.mysqlmongosync.engine.port.ChangeBatch;
import io.mysqlmongosync.mapping.SourceRow;
import java.util.List;

/**
 * One keyset page as read and converted.
 *
 * @param rows rows converted successfully, in scan order
 * @param failures rows that could not be converted (logged and counted by the caller)
 * @param size rows the database returned (converted or not); fewer than the limit means the scan is done
 * @param lastKey raw order-column values of the last row returned, or null for an empty page
 */
public record Page(List<SourceRow> rows, List<ChangeBatch.Rejected> failures, int size, Object[] lastKey) {
}
