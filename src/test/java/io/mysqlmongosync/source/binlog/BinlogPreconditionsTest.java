package io.mysqlmongosync.source.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The privilege check reads SHOW GRANTS as MySQL and MariaDB print it; positions round-trip as text. */
class BinlogPreconditionsTest {

    @Test
    void replicationPrivilegesAreFoundOnlyOnGlobalGrants() {
        assertEquals(List.of(), BinlogPreconditions.missingPrivileges(List.of(
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cdc`@`%`")));
        assertEquals(List.of(), BinlogPreconditions.missingPrivileges(List.of(
                "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")));
        List<String> missing = BinlogPreconditions.missingPrivileges(List.of(
                "GRANT USAGE ON *.* TO `app`@`%`", "GRANT ALL PRIVILEGES ON `shop`.* TO `app`@`%`"));
        assertEquals(2, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("GRANT REPLICATION SLAVE ON *.*"), missing.get(0));
        assertTrue(missing.get(1).contains("GRANT REPLICATION CLIENT ON *.*"), missing.get(1));
    }

    @Test
    void positionsRoundTrip() {
        BinlogPosition p = new BinlogPosition("binlog.000003", 1234, "0-1-42,1-2-7");
        assertEquals(p, BinlogPosition.decode(p.encode()));
        BinlogPosition f = new BinlogPosition("mysql-bin.000001", 4, null);
        assertEquals("mysql-bin.000001:4", f.encode());
        assertEquals(f, BinlogPosition.decode(f.encode()));
        assertNull(BinlogPosition.decode(""));
    }

    @Test
    void enumAndSetLabelsKeepQuotesAndOrder() {
        assertEquals(List.of("a", "it's", "c,d"), BinlogValues.labels("enum('a','it''s','c,d')"));
        var col = new io.mysqlmongosync.schema.ColumnInfo("s", "set", "set('new','sale','eco')", -1, -1, 0, true,
                false);
        assertEquals("new,eco", BinlogValues.setLabels(col, 0b101));
        assertEquals("", BinlogValues.enumLabel(col, 0));
    }
}
