package io.mysqlmongosync.engine;

/** The control state kept changing under an update (other replicas or requests): the API answers 409. */
public class ControlStateConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** After {@code attempts} lost races. */
    public ControlStateConflictException(int attempts) {
        super("the control state was changed concurrently " + attempts + " times in a row; try again");
    }
}
