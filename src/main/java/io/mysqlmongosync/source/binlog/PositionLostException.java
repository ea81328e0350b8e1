package io.mysqlmongosync.source.binlog;

/** The stream's resume position is no longer in the source's binlog (purged): events between are lost. */
public class PositionLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The loss described by {@code message}. */
    public PositionLostException(String message) {
        super(message);
    }
}
