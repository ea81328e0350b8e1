package io.mysqlmongosync.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the log records of one class's logger while attached; messages come formatted (printf style too). */
public final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private LogCapture(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
    }

    /** Starts capturing what {@code source} logs. */
    public static LogCapture of(Class<?> source) {
        LogCapture capture = new LogCapture(source);
        capture.logger.addHandler(capture);
        return capture;
    }

    /** Stops capturing. */
    public void detach() {
        logger.removeHandler(this);
    }

    /** The messages logged so far, formatted. */
    public List<String> messages() {
        return records.stream().map(LogCapture::text).toList();
    }

    /** The records logged so far (level, thrown, ...). */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Whether a message starting with {@code start} was logged. */
    public boolean has(String start) {
        return messages().stream().anyMatch(m -> m.startsWith(start));
    }

    /** The formatted message of {@code r}. */
    public static String text(LogRecord r) {
        return r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
