package io.mysqlmongosync.engine;

import static io.mysqlmongosync.engine.DeadLettersIT.deadLetters;
import static io.mysqlmongosync.engine.DeadLettersIT.ids;
import static io.mysqlmongosync.engine.DeadLettersIT.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.mysqlmongosync.testing.EngineFixture;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@link DeadLettersIT} for a polled table: the same bad rows (a 17 MiB LONGBLOB, a date java.time refuses) among
 * good rows on the load and on an incremental pass ({@code mode: scan}); a pass that re-reads them in its
 * look-back window neither counts nor records them again; rows fixed at the source are written by the next pass
 * and their entries removed. Its own MariaDB (binlog on, unused: SYNC_CAPTURE_MODE=polling) allows 64 MB packets.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/dead-letters-polling"),
    @ResourceArg(name = "mode", value = "polling"),
    @ResourceArg(name = "serverOptions", value = "--max-allowed-packet=64M"),
    @ResourceArg(name = "setup", value = "/db/dead-letters.sql"),
    @ResourceArg(name = "tables", value = "files")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLettersPollingIT extends EngineFixture {

    static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    VerificationService verifications;

    MongoCollection<Document> files() {
        return coll("files");
    }

    private TableResult pass() throws Exception {
        RunResult run = engine.run("manual", List.of("files"), false);
        assertEquals("success", run.status(), run.toString());
        return run.tables().get(0);
    }

    @Test
    @Order(1)
    void theLoadAndAnIncrementalPassSkipAndRecordTheBadRowsAndWriteTheOthers() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        TableResult load = pass();
        assertEquals(2, load.skipped(), load.toString());
        assertEquals(List.of(1, 2, 4, 5), ids(files()));
        assertEquals(List.of("id=3", "id=6"), new ArrayList<>(deadLetters().keySet()));

        try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
            s.execute("INSERT INTO files (id, name, data) VALUES (7, 'seven', 'g')");
            s.execute("INSERT INTO files (id, name, data) VALUES (8, 'big too', REPEAT('y', " + DeadLettersIT.BIG + "))");
            s.execute("INSERT INTO files (id, name, data, due) VALUES (9, 'bad date too', 'i', '2023-04-31')");
            s.execute("INSERT INTO files (id, name, data) VALUES (10, 'ten', 'j')");
            s.execute("UPDATE files SET name = 'one, renamed' WHERE id = 1");
        }
        TableResult scan = pass();
        assertEquals("incremental", scan.mode(), scan.toString());
        assertEquals(2, scan.skipped(), scan.toString());
        assertEquals(List.of(1, 2, 4, 5, 7, 10), ids(files()));
        assertEquals("one, renamed", files().find(new Document("_id", 1)).first().getString("name"));
        Map<String, Map<String, Object>> letters = deadLetters();
        assertEquals(List.of("id=3", "id=6", "id=8", "id=9"), new ArrayList<>(letters.keySet()), letters.toString());
        assertEquals("too_large", letters.get("id=8").get("reason"));
        assertEquals("scan", letters.get("id=8").get("mode"));
        assertEquals("conversion", letters.get("id=9").get("reason"));
        assertEquals("scan", letters.get("id=9").get("mode"));
        assertEquals(2.0, metric("too_large"));
        assertEquals(2.0, metric("conversion"));

        // The next pass re-reads them in its look-back window: not skipped, counted or recorded again.
        TableResult again = pass();
        assertEquals(0, again.skipped(), again.toString());
        assertEquals(2.0, metric("too_large"));
        assertEquals(1, ((Number) deadLetters().get("id=8").get("times")).intValue());
    }

    @Test
    @Order(2)
    void aRepairLeavesTheBadRowsOutInsteadOfFailing() {
        VerificationRun run = verifications.start(List.of("files"), true);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> !"running".equals(run.status()));
        TableVerification t = run.tables().get("files");
        assertEquals("done", t.status(), t.error());
        assertEquals(4, t.skipped(), "ids 3, 6, 8, 9");
        assertEquals(0, t.differences());
        assertEquals(6, t.matching());
        assertEquals(List.of(1, 2, 4, 5, 7, 10), ids(files()));
    }

    @Test
    @Order(3)
    void rowsFixedAtTheSourceAreWrittenByTheNextPassAndTheirEntriesRemoved() throws Exception {
        BinlogSyncResource.server.exec(DB, "UPDATE files SET data = 'small now' WHERE id IN (3, 8)",
                "UPDATE files SET due = '2023-04-30' WHERE id = 9");
        TableResult fixed = pass();
        assertTrue(fixed.updated() + fixed.created() >= 3, fixed.toString());
        assertEquals(List.of(1, 2, 3, 4, 5, 7, 8, 9, 10), ids(files()));
        assertEquals(List.of("id=6"), new ArrayList<>(deadLetters().keySet()));
    }
}
