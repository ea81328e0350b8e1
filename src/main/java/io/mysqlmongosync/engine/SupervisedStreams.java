package io.mysqlmongosync.engine;

import java.util.Set;

/**
 * Streams that run between passes and that {@link StreamSupervisor} looks after: the binlog stream of the source
 * ({@code BinlogStreams}) and the MongoDB change streams of the reverse tables ({@code reverse.ReverseStreams}).
 */
public interface SupervisedStreams {

    /** What the streams read, for logs ("binlog", "MongoDB change streams"). */
    String kind();

    /**
     * Registers the tables that should stream from a stored position and are not registered yet: after a start,
     * and on a replica whose passes skipped a table another replica held (a standby, which then takes the stream
     * over when its holder dies). Tables not discovered yet are registered once they are.
     */
    void adopt();

    /** Whether any table streams (or streamed and waits) on this replica. */
    boolean active();

    /**
     * One supervision tick: while {@code paused} every stream stops; otherwise streams that are not running start
     * from their stored positions (a failed one after its back-off). Returns the tables whose stored position the
     * source no longer has (a reload brings them back), else an empty set.
     */
    Set<String> supervise(boolean paused);
}
