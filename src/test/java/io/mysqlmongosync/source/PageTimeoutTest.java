package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The page-read bound used when MYSQL_SOCKET_TIMEOUT_MS is unset: max(30 s, 10 ms per row of the page). */
class PageTimeoutTest {

    @Test
    void boundGrowsWithThePageAboveAFloor() {
        assertEquals(30_000, KeysetPageReader.pageTimeoutMillis(1));
        assertEquals(30_000, KeysetPageReader.pageTimeoutMillis(1000)); // the default SYNC_BATCH_SIZE
        assertEquals(30_000, KeysetPageReader.pageTimeoutMillis(3000));
        assertEquals(100_000, KeysetPageReader.pageTimeoutMillis(10_000));
        assertEquals(1_000_000, KeysetPageReader.pageTimeoutMillis(100_000)); // the largest SYNC_BATCH_SIZE
    }
}
