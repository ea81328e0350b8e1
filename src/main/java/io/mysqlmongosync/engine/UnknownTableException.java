package io.mysqlmongosync.engine;

import java.util.Collection;

/** A request named a table that is not in SYNC_TABLES. */
public class UnknownTableException extends RuntimeException {

    /** Creates the exception naming the table and the configured ones. */
    public UnknownTableException(String table, Collection<String> configured) {
        super("Unknown table '" + table + "'; SYNC_TABLES configures " + configured);
    }
}
