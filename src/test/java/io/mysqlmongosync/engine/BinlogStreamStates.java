package io.mysqlmongosync.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Waits of the tests whose tables stream from a binlog server: for a change to arrive, or a stream's state. */
final class BinlogStreamStates {

    /** How long a streamed change or a stream's start, stop or reload may take. */
    static final Duration BOUND = Duration.ofSeconds(30);

    private BinlogStreamStates() {
    }

    /** A wait for {@code what}, within {@link #BOUND}. */
    static ConditionFactory awaiting(String what) {
        return await(what).atMost(BOUND).pollInterval(Duration.ofMillis(200));
    }

    /** Waits until the stream of {@code table} is in {@code state} ("streaming", "paused"). */
    static void awaitState(BinlogStreams streams, String table, String state) {
        awaiting(table + " " + state).untilAsserted(() -> assertEquals(state,
                streams.status(table) == null ? null : streams.status(table).streamState(),
                () -> "streams: " + streams.status()));
    }
}
