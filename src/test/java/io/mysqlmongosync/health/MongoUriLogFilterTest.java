package io.mysqlmongosync.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoConfigurationException;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The start-up failure of an unresolvable mongodb+srv:// host names MONGODB_URI; other records are untouched. */
class MongoUriLogFilterTest {

    @Test
    void failedSrvLookupAtStartUpNamesMongodbUri() {
        // The chain Quarkus logs when MongoClientRecorder's TXT lookup fails (seen with no-such-cluster.invalid).
        RuntimeException thrown = new RuntimeException("Failed to start quarkus", new MongoConfigurationException(
                "Failed looking up TXT record for host no-such-cluster.invalid", new MongoConfigurationException(
                        "Unable to look up TXT record for host no-such-cluster.invalid")));
        ExtLogRecord r = new ExtLogRecord(Level.SEVERE, "Failed to start application", ExtLogRecord.FormatStyle.MESSAGE_FORMAT,
                "io.quarkus.runtime.Application");
        r.setThrown(thrown);
        assertTrue(new MongoUriLogFilter().isLoggable(r));
        assertEquals("MongoDB host in MONGODB_URI cannot be resolved (Failed looking up TXT record for host"
                + " no-such-cluster.invalid): check the cluster host name in MONGODB_URI; mongodb+srv:// needs its SRV and"
                + " TXT records in DNS. Failed to start application", r.getFormattedMessage());

        ExtLogRecord other = new ExtLogRecord(Level.SEVERE, "Failed to start application", "x");
        other.setThrown(new IllegalStateException("Invalid configuration: SYNC_BATCH_SIZE='0'"));
        assertTrue(new MongoUriLogFilter().isLoggable(other));
        assertEquals("Failed to start application", other.getFormattedMessage());
    }
}
