package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.sink.reverse.ChangeStreams;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * How edits made in MongoDB are found (SYNC_REVERSE_CAPTURE): by MongoDB change streams, continuously, or by
 * polling the edit field before each pass. {@code auto} uses change streams when the deployment offers them (a
 * replica set or sharded cluster; found by opening one) and says once that it polls otherwise; {@code stream}
 * without them stops start-up naming the variable. Decided once per process: at start-up, or at first use when
 * MongoDB could not be asked then (until then {@code auto} polls).
 */
@ApplicationScoped
public class ReverseCapture {

    /** The variable choosing the capture. */
    public static final String VARIABLE = "SYNC_REVERSE_CAPTURE";
    /** The status label of change-stream capture. */
    public static final String STREAM = "stream";
    /** The status label of polling capture. */
    public static final String POLLING = "polling";

    private static final Logger LOG = Logger.getLogger(ReverseCapture.class);

    private final ChangeStreams streams;
    private final String setting;
    private volatile Boolean decided;

    ReverseCapture(ChangeStreams streams, SyncConfig config) {
        this.streams = streams;
        this.setting = config.reverseCapture().trim().toLowerCase(Locale.ROOT);
    }

    /** Whether edits are found by change streams; decides (once) when not decided yet. */
    public boolean streaming() {
        Boolean d = decided;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (decided == null) {
                decide();
            }
            return decided != null && decided;
        }
    }

    /** {@link #STREAM} or {@link #POLLING}, as the status shows it. */
    public String label() {
        return streaming() ? STREAM : POLLING;
    }

    /**
     * The start-up check for the opted-in {@code tables}, of which {@code deleting} write deletes back: decides the
     * capture and stops start-up (naming the variable, or the table) when it cannot serve them.
     */
    public void check(Collection<String> tables, Collection<String> deleting) {
        if (tables.isEmpty()) {
            return;
        }
        boolean stream = streaming();
        if (!stream && !deleting.isEmpty() && (decided != null || POLLING.equals(setting))) {
            String table = deleting.iterator().next();
            throw new InvalidSettingException(VARIABLE, setting, "table " + table + " writes deletes back (mapping"
                    + " file: reverse: {deletes: true}), which needs MongoDB change streams: a deleted document"
                    + " leaves nothing to poll. " + (POLLING.equals(setting) ? "Use auto or stream"
                            : "This MongoDB offers none (a replica set or sharded cluster does)")
                    + ", or set deletes: false for " + table);
        }
    }

    private void decide() {
        if (POLLING.equals(setting)) {
            decided = false;
            return;
        }
        ChangeStreams.Support support = streams.probe();
        if (!support.known()) {
            if (STREAM.equals(setting)) {
                throw new IllegalStateException("MongoDB cannot be asked whether it offers change streams ("
                        + support.reason() + "); " + VARIABLE + "=stream is checked again by the next pass");
            }
            LOG.warnf("MongoDB cannot be asked whether it offers change streams (%s): edits are polled until it can",
                    support.reason());
            return; // undecided: polled this time, asked again next time
        }
        if (!support.supported() && STREAM.equals(setting)) {
            throw new InvalidSettingException(VARIABLE, setting, "needs MongoDB change streams, which this MongoDB"
                    + " does not offer: " + support.reason() + ". Use auto or polling");
        }
        decided = support.supported();
        if (!support.supported()) {
            LOG.warnf("MongoDB change streams are not available (%s): edits made in MongoDB are found by polling"
                    + " before each pass (%s=auto)", support.reason(), VARIABLE);
        } else {
            LOG.infof("Edits made in MongoDB are found by change streams (%s=%s)", VARIABLE, setting);
        }
    }
}
