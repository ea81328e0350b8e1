package io.mysqlmongosync.engine;

import java.util.Collection;

/** A request named a table that is not in SYNC_TABLES. */
public class UnknownTableException extends RuntimeException {

    /** Creates the exception naming the table and the configured ones. */
    public UnknownTableException(String table, Collection<String> configured) {
        super("Unknown table " + quote(table) + "; SYNC_TABLES configures " + configured);
    }

    /** Throws this exception unless {@code table} is one of {@code catalog}'s configured tables. */
    public static void requireConfigured(TableCatalog catalog, String table) {
        if (!catalog.isConfigured(table)) {
            throw new UnknownTableException(table, catalog.configuredTables());
        }
    }

    /** The name as sent, cut to 64 characters: a request must not get a large input echoed back. */
    private static String quote(String table) {
        if (table == null) {
            return "null";
        }
        return table.length() <= 64 ? "'" + table + "'" : "'" + table.substring(0, 64) + "...' (" + table.length()
                + " characters)";
    }
}
