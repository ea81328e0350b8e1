package io.mysqlmongosync.engine;

/** A run was requested while another run of this replica is still going. */
public class RunInProgressException extends RuntimeException {

    /** Creates the exception naming the active run. */
    public RunInProgressException(String activeRunId) {
        super("A sync run is already in progress (run " + activeRunId + "); try again when it has finished");
    }
}
