package io.mysqlmongosync.engine;

/** How a table's pass ended; {@link #wire()} is the string the API, the run history and the logs show. */
public enum TableStatus {
    /** The pass finished without error. */
    SUCCESS("success"),
    /** The pass stopped on an error (see the result's error). */
    FAILED("failed"),
    /** Not synced: a schema change blocks it. */
    BLOCKED("blocked"),
    /** Not synced: another replica holds its lease. */
    SKIPPED("skipped");

    private final String wire;

    TableStatus(String wire) {
        this.wire = wire;
    }

    /** The status as stored and shown. */
    public String wire() {
        return wire;
    }

    /** Whether {@code status} (as shown) is this status. */
    public boolean is(String status) {
        return wire.equals(status);
    }
}
