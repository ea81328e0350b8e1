package io.mysqlmongosync.source.binlog;

import java.io.Serializable;
import java.util.List;

/**
 * One row changed by a committed transaction, as the binlog holds it (FULL row images, cells in column order).
 *
 * @param table table name
 * @param type what happened to the row
 * @param before the image before an update or delete, null for an insert
 * @param after the image after an insert or update, null for a delete
 * @param columns the names of the image's columns, in cell order, as the event's table map gave them (the columns
 *     as they were when the event was written; {@code binlog_row_metadata=FULL}), or null when the server did not
 *     write them: then the cells are taken in the table's current column order
 */
public record RowChange(String table, Type type, Serializable[] before, Serializable[] after, List<String> columns) {

    /** A change whose column names the binlog did not carry. */
    public RowChange(String table, Type type, Serializable[] before, Serializable[] after) {
        this(table, type, before, after, null);
    }

    /** The kind of change. */
    public enum Type { INSERT, UPDATE, DELETE }
}
