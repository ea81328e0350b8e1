package io.mysqlmongosync.engine;

/** A request needs a table that a re-snapshot, a run or a repair is working on now (409). */
public class TableBusyException extends RuntimeException {

    /** Creates the exception naming the table and what holds it. */
    public TableBusyException(String table, String why) {
        super("Table '" + table + "' is busy: " + why + "; try again when it has finished");
    }
}
