package io.mysqlmongosync.source;

import java.sql.SQLException;

/** The source database could not be reached; worth retrying. */
public class ConnectionLostException extends SQLException {

    /** Wraps the driver's or pool's exception. */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
