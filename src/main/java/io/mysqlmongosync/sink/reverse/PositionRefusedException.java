package io.mysqlmongosync.sink.reverse;

/**
 * MongoDB refused to continue a change stream from a stored position: the position is no longer in the oplog, or the
 * collection was dropped. The message is the server's.
 */
public class PositionRefusedException extends RuntimeException {

    /** The server's refusal, {@code message}, with the driver's exception as the cause. */
    public PositionRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
