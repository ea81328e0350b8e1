package io.mysqlmongosync.source.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.BinlogMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * The start-up check against real servers: a binlog server and a user with the grants passes; a user without the
 * replication privileges, a server_id clash and a server with STATEMENT format each get a message naming the fix.
 */
class BinlogPreconditionsIT {

    @Test
    void reportsWhatToChange() throws Exception {
        try (BinlogMariaDb server = BinlogMariaDb.start(Path.of("target/binlog-preconditions"), 31)) {
            server.exec(null, "CREATE DATABASE p", "CREATE USER 'plain'@'%' IDENTIFIED BY 'pw-plain-1'",
                    "GRANT SELECT ON p.* TO 'plain'@'%'", "CREATE USER 'repl'@'%' IDENTIFIED BY 'pw-repl-1'",
                    "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'");
            try (Connection c = DriverManager.getConnection(server.url("p"), "repl", "pw-repl-1")) {
                BinlogPreconditions.Result ok = BinlogPreconditions.check(c, 5401);
                assertTrue(ok.ok(), ok.describe());
                assertTrue(ok.mariaDb());
                String clash = BinlogPreconditions.check(c, 31).describe();
                assertTrue(clash.contains("SYNC_CDC_SERVER_ID=31 is the source's own server_id"), clash);
            }
            try (Connection c = DriverManager.getConnection(server.url("p"), "plain", "pw-plain-1")) {
                BinlogPreconditions.Result r = BinlogPreconditions.check(c, 5401);
                assertEquals(2, r.problems().size(), r.describe());
                assertTrue(r.describe().contains("lacks the REPLICATION SLAVE privilege"), r.describe());
                assertTrue(r.describe().contains("lacks the REPLICATION CLIENT privilege"), r.describe());
            }
        }
        try (BinlogMariaDb statement = BinlogMariaDb.start(Path.of("target/binlog-preconditions-stmt"), 32,
                "--binlog-format=STATEMENT", "--binlog-row-image=MINIMAL");
                Connection c = statement.root(null)) {
            String d = BinlogPreconditions.check(c, 5401).describe();
            assertTrue(d.contains("binlog_format is STATEMENT, not ROW: set binlog_format=ROW"), d);
            assertTrue(d.contains("binlog_row_image is MINIMAL, not FULL"), d);
        }
    }
}
