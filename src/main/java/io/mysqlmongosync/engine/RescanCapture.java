package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.source.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Full rescan, for tables without change column: every pass re-reads the whole table with the resumable load
 * scans, and the sink writes only the rows whose content hash changed.
 */
@ApplicationScoped
@Named(RescanCapture.NAME)
public class RescanCapture implements CaptureStrategy {

    /** The capture mode's name. */
    public static final String NAME = "rescan";

    private final TableLoader loader;
    private final DatabaseClock clock;

    RescanCapture(TableLoader loader, DatabaseClock clock) {
        this.loader = loader;
        this.clock = clock;
    }

    @Override
    public SyncMode capture(TablePass pass, TableCheckpoint checkpoint) throws Exception {
        pass.progress().mode(SyncMode.FULL.wire());
        TableCheckpoint cp = checkpoint;
        if (cp == null || cp.phase() == TableCheckpoint.Phase.INCREMENTAL) {
            cp = TableCheckpoint.initial(clock.now()); // an interrupted rescan resumes from its position
        }
        loader.load(pass, cp);
        return SyncMode.FULL;
    }
}
