package io.mysqlmongosync.source.binlog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of binlog change data capture ({@code SYNC_CDC_*}); checked at start-up by EnvironmentValueRules. */
@ConfigMapping(prefix = "sync.cdc")
public interface CdcSettings {

    /**
     * The server_id the stream registers with (SYNC_CDC_SERVER_ID); it must differ from the source's own and from
     * every replica's and other binlog reader's, or the server drops one of the two connections.
     */
    @WithDefault("5401")
    long serverId();

    /** Reload a table whose binlog position was purged instead of pausing it (SYNC_CDC_RESNAPSHOT_ON_GAP). */
    @WithDefault("false")
    boolean resnapshotOnGap();

    /** Transactions applied in one MongoDB write at most (SYNC_CDC_BATCH_ROWS). */
    @WithDefault("1000")
    int batchRows();

    /** Milliseconds a batch waits for more transactions before it is written (SYNC_CDC_BATCH_MILLIS). */
    @WithDefault("50")
    int batchMillis();
}
