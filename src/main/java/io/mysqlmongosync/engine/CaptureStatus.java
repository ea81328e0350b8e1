package io.mysqlmongosync.engine;

/**
 * How a table's changes are captured right now, for the status and tables APIs.
 *
 * @param mode the capture mode ({@code binlog}, {@code timestamp}, {@code rescan})
 * @param streamState for {@code binlog}: {@code starting}, {@code streaming}, {@code standby} (another replica
 *     streams it), {@code paused}, {@code stopped}, {@code failed} (restarted by the supervisor), {@code down} (it
 *     should run and does not: not started, or its connection is down), {@code failing} (restarts keep failing)
 *     {@code position_lost} (blocked until reloaded) or {@code schema_mismatch} (a binlog row does not fit the
 *     table's columns: blocked until reloaded, see {@code StreamSchemaBlock}); null for a polled table or one not
 *     streamed yet
 * @param connected whether the binlog connection is open, or null
 * @param position the binlog position applied last ({@code file:offset}, with the GTID state when there is one)
 * @param gtid the GTID state of that position, or null
 * @param eventsPerSecond row events applied per second since the stream started, or null
 * @param lagSeconds time from the last applied commit to MongoDB's acknowledgement, or null
 * @param error why the stream stopped, or null
 */
public record CaptureStatus(String mode, String streamState, Boolean connected, String position, String gtid,
        Double eventsPerSecond, Double lagSeconds, String error) {

    /** A table polled (or not streamed yet) in {@code mode}. */
    public static CaptureStatus of(String mode) {
        return new CaptureStatus(mode, null, null, null, null, null, null, null);
    }

    /** This status in state {@code state}, with {@code error} when not null. */
    CaptureStatus in(String state, String error) {
        return new CaptureStatus(mode, state, connected, position, gtid, eventsPerSecond, lagSeconds,
                error == null ? this.error : error);
    }
}
