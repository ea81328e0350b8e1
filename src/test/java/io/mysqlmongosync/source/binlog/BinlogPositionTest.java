package io.mysqlmongosync.source.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of binlog places that decides where one reader for many tables starts and what a table skips: GTID sets
 * when both sides have one (MariaDB per domain, MySQL by containment), else file number and offset; places that
 * cannot be ordered are never "not after" (a harmless replay, never a skipped event).
 */
class BinlogPositionTest {

    @Test
    void fileAndOffsetOrderByTheFileNumberThenTheOffset() {
        BinlogPosition a = new BinlogPosition("binlog.000009", 900, null);
        BinlogPosition b = new BinlogPosition("binlog.000010", 4, null);
        assertTrue(a.notAfter(b));
        assertFalse(b.notAfter(a));
        assertTrue(a.notAfter(a));
        assertFalse(new BinlogPosition("binlog.000009", 901, null).notAfter(a));
        assertFalse(a.notAfter(new BinlogPosition("other.000010", 4, null)), "another server's files: no order");
    }

    @Test
    void mariaDbGtidsOrderPerDomainWhateverTheFile() {
        BinlogPosition a = new BinlogPosition("binlog.000002", 500, "0-1-41");
        BinlogPosition b = new BinlogPosition("after-failover.000001", 4, "0-2-42");
        assertTrue(a.notAfter(b), "the sequence number decides, not the file");
        assertFalse(b.notAfter(a));
        BinlogPosition twoDomains = new BinlogPosition("binlog.000002", 600, "0-1-41,1-1-7");
        assertTrue(a.notAfter(twoDomains));
        assertFalse(twoDomains.notAfter(b), "domain 1 is unknown to b: b has not seen it");
    }

    @Test
    void mysqlGtidSetsOrderByContainment() {
        String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
        BinlogPosition a = new BinlogPosition("binlog.000001", 100, uuid + ":1-5");
        BinlogPosition b = new BinlogPosition("binlog.000001", 200, uuid + ":1-9");
        assertTrue(a.notAfter(b));
        assertFalse(b.notAfter(a));
    }

    @Test
    void theEarliestIsAtOrBeforeEveryOther() {
        BinlogPosition a = new BinlogPosition("binlog.000003", 4, null);
        BinlogPosition b = new BinlogPosition("binlog.000002", 700, null);
        BinlogPosition c = new BinlogPosition("binlog.000003", 90, null);
        assertEquals(b, BinlogPosition.earliest(List.of(a, b, c)));
        assertEquals(a, BinlogPosition.earliest(List.of(a)));
    }
}
