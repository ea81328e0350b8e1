package io.mysqlmongosync.engine;

import io.mysqlmongosync.source.RelatedRows.Read;

/** How the page writer treats the batches of one scan. */
enum WriteMode {
    /** A load or re-read: rows are written by content, no replication lag is measured. */
    LOAD(false, false),
    /** The first load into a collection that was empty when it started: plain inserts, no read of stored fields. */
    FRESH_LOAD(false, true),
    /** Changed rows of an incremental pass: the replication lag is measured from their change times. */
    CHANGES(true, false),
    /**
     * Transactions of a log stream (binlog), applied in commit order: a change is the row's newest state even when
     * its change time went backwards, so it replaces what the sync wrote before; an edit made in MongoDB is still a
     * conflict that SYNC_CONFLICT_POLICY decides and {@code _sync_conflicts} records.
     */
    STREAM(true, false);

    private final boolean measureLag;
    private final boolean assumeNew;

    WriteMode(boolean measureLag, boolean assumeNew) {
        this.measureLag = measureLag;
        this.assumeNew = assumeNew;
    }

    /** Whether the lag of the newest written change is reported. */
    boolean measureLag() {
        return measureLag;
    }

    /** Whether the documents can be assumed absent from the collection. */
    boolean assumeNew() {
        return assumeNew;
    }

    /**
     * How the rows embedded with this mode's rows are read: a stream's as the binlog already shows them (a binlog
     * event can arrive before its transaction is visible to a plain read), a scan's as a plain read sees them.
     */
    Read relatedRead() {
        return this == STREAM ? Read.LATEST : Read.SNAPSHOT;
    }

    /** The name a dead letter records: {@code load}, {@code scan} (an incremental pass) or {@code stream}. */
    String label() {
        return switch (this) {
            case LOAD, FRESH_LOAD -> "load";
            case CHANGES -> "scan";
            case STREAM -> "stream";
        };
    }

    /** The mode of a load scan, {@code fresh} when it writes into a collection that was empty. */
    static WriteMode load(boolean fresh) {
        return fresh ? FRESH_LOAD : LOAD;
    }
}
