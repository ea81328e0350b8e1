package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The page-read bound used when MYSQL_SOCKET_TIMEOUT_MS is unset: max(SYNC_OPERATION_TIMEOUT_SECONDS, 10 ms per row
 * of the page).
 */
class PageTimeoutTest {

    @Test
    void boundGrowsWithThePageAboveAFloor() {
        assertEquals(5_000, KeysetPageReader.pageTimeoutMillis(1, 5_000)); // the default operation timeout
        assertEquals(10_000, KeysetPageReader.pageTimeoutMillis(1000, 5_000)); // the default SYNC_BATCH_SIZE
        assertEquals(30_000, KeysetPageReader.pageTimeoutMillis(1000, 30_000));
        assertEquals(100_000, KeysetPageReader.pageTimeoutMillis(10_000, 5_000));
        assertEquals(1_000_000, KeysetPageReader.pageTimeoutMillis(100_000, 5_000)); // the largest SYNC_BATCH_SIZE
    }
}
