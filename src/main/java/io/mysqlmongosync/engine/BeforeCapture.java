package io.mysqlmongosync.engine;

/**
 * A step every table pass runs under the table's lease before its {@link CaptureStrategy}: the CDI beans
 * implementing it, in no particular order. The reverse direction ({@code engine/reverse/ReversePass}) is one: it
 * writes edits made in MongoDB back to MySQL before the forward capture reads the table, so the forward pass finds
 * those rows already equal to their documents instead of taking the edits for conflicts.
 */
public interface BeforeCapture {

    /** Runs the step for {@code pass}'s table; a failure fails the table's pass like a capture failure. */
    void run(TablePass pass) throws Exception;
}
