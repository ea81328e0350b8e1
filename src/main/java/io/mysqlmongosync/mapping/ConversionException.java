package io.mysqlmongosync.mapping;

/** A source value cannot be converted to BSON without changing its meaning (e.g. invalid JSON). */
public class ConversionException extends RuntimeException {

    /** Creates the exception; the message names the column and what is wrong with the value. */
    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception without a cause. */
    public ConversionException(String message) {
        super(message);
    }
}
