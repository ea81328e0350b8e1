package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.source.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Change-column polling: a keyset initial load that hands the database clock read before it over as the change
 * cursor, then incremental passes on (change column, primary key) with a look-back window.
 */
@ApplicationScoped
@Named(TimestampCapture.NAME)
public class TimestampCapture implements CaptureStrategy {

    /** The capture mode's name. */
    public static final String NAME = "timestamp";

    private final TableLoader loader;
    private final IncrementalPass incremental;
    private final Checkpoints checkpoints;
    private final DatabaseClock clock;

    TimestampCapture(TableLoader loader, IncrementalPass incremental, Checkpoints checkpoints, DatabaseClock clock) {
        this.loader = loader;
        this.incremental = incremental;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    @Override
    public SyncMode capture(TablePass pass, TableCheckpoint checkpoint) throws Exception {
        TableCheckpoint cp = checkpoint;
        SyncMode mode = SyncMode.INCREMENTAL;
        if (cp == null || cp.phase() == TableCheckpoint.Phase.INITIAL) {
            mode = SyncMode.INITIAL;
            pass.progress().mode(mode.wire());
            if (cp == null) {
                cp = TableCheckpoint.initial(clock.now());
                checkpoints.save(pass.name(), cp, pass.fence());
            }
            cp = loader.load(pass, cp);
        }
        pass.progress().mode(mode.wire());
        incremental.run(pass, cp);
        return mode;
    }

    @Override
    public String unsupported(TableContext table) {
        return table.schema().changeColumn().isPresent() ? null
                : "needs a change column (SYNC_CHANGE_COLUMNS), and table " + table.name() + " has none";
    }
}
