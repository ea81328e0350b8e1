package io.mysqlmongosync.health;

import com.mongodb.MongoConfigurationException;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Names MONGODB_URI when start-up fails because a {@code mongodb+srv://} host cannot be resolved. Quarkus looks up
 * the SRV/TXT records while it starts, before any application code runs, so the service cannot report this
 * itself; the failure would only show the driver's "Failed looking up TXT record for host ...". This console filter
 * puts one explaining sentence in front of Quarkus' "Failed to start application" line (the password is never part
 * of it: the driver's message only has the host). Every other record passes unchanged.
 */
@LoggingFilter(name = "mongodb-uri-hint")
public final class MongoUriLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (record.getThrown() != null && message != null && message.startsWith("Failed to start application")) {
            String hint = hint(record.getThrown());
            if (hint != null) {
                String text = hint + ". " + message;
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(text, ExtLogRecord.FormatStyle.NO_FORMAT);
                } else {
                    record.setMessage(text);
                }
            }
        }
        return true;
    }

    /** The sentence for an SRV/TXT lookup failure in {@code thrown}'s causes, or null. */
    static String hint(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MongoConfigurationException && t.getMessage() != null
                    && t.getMessage().matches("(?s)Failed looking up (SRV|TXT) record.*")) {
                return "MongoDB host in MONGODB_URI cannot be resolved (" + t.getMessage().lines().findFirst().orElse("")
                        + "): check the cluster host name in MONGODB_URI; mongodb+srv:// needs its SRV and TXT records"
                        + " in DNS";
            }
        }
        return null;
    }
}
