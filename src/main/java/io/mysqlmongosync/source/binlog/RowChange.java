package io.mysqlmongosync.source.binlog;

import java.io.Serializable;

/**
 * One row changed by a committed transaction, as the binlog holds it (FULL row images, cells in column order).
 *
 * @param table table name
 * @param type what happened to the row
 * @param before the image before an update or delete, null for an insert
 * @param after the image after an insert or update, null for a delete
 */
public record RowChange(String table, Type type, Serializable[] before, Serializable[] after) {

    /** The kind of change. */
    public enum Type { INSERT, UPDATE, DELETE }
}
