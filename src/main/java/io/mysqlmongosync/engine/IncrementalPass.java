package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.DatabaseClock;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetChangeSource;
import io.mysqlmongosync.source.KeysetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An incremental pass: a keyset scan on (change column, primary key) from the stored cursor minus the look-back
 * window up to a frozen upper bound (the database clock minus the safety lag); then the rows whose change column the
 * cursor can never reach (NULL, or a zero date such as {@code 0000-00-00 00:00:00}, see
 * {@link KeysetChangeSource#unreachable}), by creation time when the table has a created column, else re-read
 * whole. Those rows are written and counted like any other row of the pass.
 */
@ApplicationScoped
class IncrementalPass {

    private final Scans scans;
    private final Checkpoints checkpoints;
    private final DatabaseClock clock;
    private final SyncConfig config;
    private final ZoneId zone;

    IncrementalPass(Scans scans, Checkpoints checkpoints, DatabaseClock clock, SyncConfig config) {
        this.scans = scans;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.config = config;
        this.zone = ZoneId.of(config.sourceTimeZone());
    }

    /** Runs the pass from {@code cp}. */
    void run(TablePass pass, TableCheckpoint cp) throws Exception {
        TableSchema schema = pass.table().schema();
        ColumnInfo change = schema.changeColumn().orElseThrow();
        String upper = DatabaseClock.minus(clock.now(), Duration.ofSeconds(config.safetyLagSeconds()));
        TableCheckpoint[] current = {cp};
        Consumer<UnaryOperator<TableCheckpoint>> store = edit -> {
            current[0] = edit.apply(current[0]);
            checkpoints.save(pass.name(), current[0], pass.fence());
        };
        scan(pass, KeysetQuery.byChange(schema, change, null), cp.cursor(), upper,
                (key, fence) -> store.accept(c -> c.withCursor(key)));
        // Rows whose change column the cursor never reaches: NULL, or a zero date (0000-00-00), which sorts before
        // every cursor. Run on every pass whatever the column's declaration, since a NOT NULL column can hold zero
        // dates too; with an index on the change column each of these is one empty range read when there are none.
        String unreachable = KeysetChangeSource.unreachable(change);
        if (schema.createdColumn().isPresent()) {
            ColumnInfo created = schema.createdColumn().get();
            scan(pass, KeysetQuery.byChange(schema, created, unreachable), cp.nullCursor(), upper,
                    (key, fence) -> store.accept(c -> c.withNullCursor(key)));
            // ... and whose creation time no cursor reaches either: re-read whole, as without a created column.
            scans.sync(pass, scans.rescan(pass.table(), unreachable + " AND " + KeysetChangeSource.unreachable(created)),
                    WriteMode.LOAD, ScanLoop.PositionSaver.NONE);
        } else {
            scans.sync(pass, scans.rescan(pass.table(), unreachable), WriteMode.LOAD, ScanLoop.PositionSaver.NONE);
        }
    }

    /**
     * One bounded scan on (time column, pk) from {@code cursor} minus the look-back window up to {@code upper}. The
     * stored cursor only moves forward.
     */
    private void scan(TablePass pass, KeysetQuery query, Object[] cursor, String upper, ScanLoop.PositionSaver saver)
            throws Exception {
        Object[][] stored = {cursor};
        // Rows at or before the stored cursor were validated and reported by an earlier pass; the look-back
        // window re-reads them to catch late commits, but does not report the same bad row again.
        long reportedUpTo = cursor == null ? -1 : micros(cursor[0]);
        scans.sync(pass, scans.keyset(pass.table(), query, startOf(cursor), upper, reportedUpTo), WriteMode.CHANGES,
                (key, fence) -> {
                    if (TypeConverter.parseDateTime((String) key[0]) == null) {
                        return; // a zero date: never a cursor (the look-back could not count back from it)
                    }
                    if (stored[0] == null || !before(key[0], stored[0][0])) {
                        stored[0] = key;
                        saver.save(key, fence);
                    }
                });
    }

    private KeyPosition startOf(Object[] cursor) {
        if (cursor == null) {
            return KeyPosition.start();
        }
        if (config.lookbackSeconds() > 0) {
            return KeyPosition.from(DatabaseClock.minus((String) cursor[0], config.lookback()));
        }
        return cursor.length == 1 ? KeyPosition.from(cursor[0]) : KeyPosition.after(cursor);
    }

    private long micros(Object mysqlTime) {
        Long us = TypeConverter.epochMicros((String) mysqlTime, zone);
        return us == null ? -1 : us;
    }

    private static boolean before(Object a, Object b) {
        LocalDateTime x = TypeConverter.parseDateTime((String) a);
        LocalDateTime y = TypeConverter.parseDateTime((String) b);
        return x != null && y != null && x.isBefore(y);
    }
}
