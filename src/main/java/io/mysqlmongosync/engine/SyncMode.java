package io.mysqlmongosync.engine;

/** What a table's pass did; {@link #wire()} is the string the API, the run history and the logs show. */
public enum SyncMode {
    /** The first load of a table with a change column (then its first incremental pass). */
    INITIAL("initial"),
    /** A pass over the rows changed since the stored cursor. */
    INCREMENTAL("incremental"),
    /** A full re-read of a table without change column. */
    FULL("full"),
    /** Nothing read (blocked or skipped). */
    NONE("none");

    private final String wire;

    SyncMode(String wire) {
        this.wire = wire;
    }

    /** The mode as stored and shown. */
    public String wire() {
        return wire;
    }

    /** Whether {@code mode} (as shown) is this mode. */
    public boolean is(String mode) {
        return wire.equals(mode);
    }
}
