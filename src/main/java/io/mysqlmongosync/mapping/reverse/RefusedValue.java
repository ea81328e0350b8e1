package io.mysqlmongosync.mapping.reverse;

/**
 * A document value that cannot be stored in its MySQL column exactly (wrong type, out of range, more fractional
 * digits than the column keeps): the edit is refused, never rounded or truncated. The message names the column and
 * says what is wrong, never the value of a protected field.
 */
public class RefusedValue extends Exception {

    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public RefusedValue(String message) {
        super(message);
    }
}
