package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.source.binlog.BinlogPosition;
import io.mysqlmongosync.source.binlog.BinlogSource;
import io.mysqlmongosync.source.binlog.BinlogPreconditions;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.mysqlmongosync.source.binlog.SourcePositions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Binlog change data capture: a table's changes streamed from the source's binary log as they commit. The first
 * pass records the binlog position, then brings the table up to date by polling (its initial load, or one last
 * incremental pass of a table synced by polling so far, or a rescan without change column) and stores the
 * recorded position as the change cursor: events replayed over rows that pass already wrote are harmless. From
 * then on every pass makes sure the table's stream runs ({@link BinlogStreams}: restarts a dead one, reports a
 * lost position) and returns; the stream applies transactions in commit order and stores its position after
 * MongoDB acknowledged them.
 */
@ApplicationScoped
@Named(BinlogCapture.NAME)
public class BinlogCapture implements CaptureStrategy {

    /** The capture mode's name. */
    public static final String NAME = "binlog";
    /** First element of a change cursor that is a binlog position (the second is {@link BinlogPosition#encode()}). */
    public static final String CURSOR_MARK = "binlog";

    private static final Logger LOG = Logger.getLogger(BinlogCapture.class);
    private static final String UNREACHABLE = "the source could not be checked: ";

    private final TimestampCapture timestamp;
    private final RescanCapture rescan;
    private final Checkpoints checkpoints;
    private final BinlogSource source;
    private final BinlogStreams streams;
    private final CdcSettings settings;

    BinlogCapture(TimestampCapture timestamp, RescanCapture rescan, Checkpoints checkpoints, BinlogSource source,
            BinlogStreams streams, CdcSettings settings) {
        this.timestamp = timestamp;
        this.rescan = rescan;
        this.checkpoints = checkpoints;
        this.source = source;
        this.streams = streams;
        this.settings = settings;
    }

    @Override
    public SyncMode capture(TablePass pass, TableCheckpoint checkpoint) throws Exception {
        BinlogPosition position = positionOf(checkpoint);
        SyncMode mode = SyncMode.INCREMENTAL;
        if (position == null || streams.gapFor(pass.name()) && settings.resnapshotOnGap()) {
            boolean gap = position != null;
            BinlogPosition start = source.current();
            TableCheckpoint from = gap ? null : checkpoint;
            LOG.infof("Table %s: binlog position %s recorded; %s before streaming from it", pass.name(), start,
                    from == null ? "loading" : "catching up by polling");
            mode = polling(pass).capture(pass, from);
            TableCheckpoint done = checkpoints.load(pass.name()).orElseThrow();
            checkpoints.save(pass.name(), done.withCursor(new Object[] {CURSOR_MARK, start.encode()}), pass.fence());
            streams.restartFrom(pass.table(), start);
            if (gap) {
                mode = SyncMode.INITIAL;
            }
        }
        streams.ensureRunning(pass.table());
        CaptureStatus stream = streams.status(pass.name());
        if (stream != null && BinlogTableStreamer.State.SCHEMA_MISMATCH.label().equals(stream.streamState())) {
            throw new StreamSchemaBlock.Blocked(stream.error()); // a pass of a blocked table does not report success
        }
        return mode;
    }

    private CaptureStrategy polling(TablePass pass) {
        return pass.table().schema().changeColumn().isPresent() ? timestamp : rescan;
    }

    /** The binlog position stored as {@code checkpoint}'s change cursor, or null when it holds none. */
    public static BinlogPosition positionOf(TableCheckpoint checkpoint) {
        if (checkpoint == null || checkpoint.phase() != TableCheckpoint.Phase.INCREMENTAL
                || checkpoint.cursor() == null || checkpoint.cursor().length != 2
                || !CURSOR_MARK.equals(checkpoint.cursor()[0])) {
            return null;
        }
        return BinlogPosition.decode(String.valueOf(checkpoint.cursor()[1]));
    }

    @Override
    public String unsupported(TableContext table) {
        String problem = problem();
        return problem == null || problem.startsWith(UNREACHABLE) ? null : problem;
    }

    /** Why the binlog cannot be streamed now (a missing precondition, or the source unreachable), or null. */
    String problem() {
        try {
            BinlogPreconditions.Result r = source.check(settings.serverId());
            return r.ok() ? null : "the binlog cannot be streamed: " + r.describe();
        } catch (SQLException e) {
            return UNREACHABLE + e.getMessage(); // a pass reports the source's state itself
        }
    }
}
