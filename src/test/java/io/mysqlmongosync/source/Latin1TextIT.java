package io.mysqlmongosync.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.BinlogSyncResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Text of a latin1 column arrives as the server itself returns it ({@code CONVERT(col USING utf8mb4)}), for every
 * byte 0x00-0xFF, on the load (JDBC) and on the binlog stream (raw bytes decoded by the service). MariaDB's latin1
 * is cp1252 with the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) mapped to the C1 controls:
 * Java's windows-1252 decoder, used by Connector/J for latin1 results and formerly by the stream, gives U+FFFD.
 */
@QuarkusTest
@WithTestResource(value = BinlogSyncResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/latin1-text"),
    @ResourceArg(name = "setup", value = "/db/latin1.sql"),
    @ResourceArg(name = "tables", value = "chars")})
class Latin1TextIT {

    static final String DB = BinlogSyncResource.DATABASE;

    @Inject
    SyncEngine engine;

    @Inject
    MongoClient mongo;

    MongoCollection<Document> chars() {
        return mongo.getDatabase("t_" + DB).getCollection("chars");
    }

    @Test
    void everyLatin1ByteArrivesAsTheServerReturnsItOnTheLoadAndOnTheStream() throws Exception {
        BinlogSyncResource.resumeWithoutScheduledRuns();
        RunResult run = engine.run("manual", List.of("chars"), false);
        assertEquals("success", run.status(), run.toString());
        Map<Integer, String[]> loaded = expected(0);
        assertEquals(256, loaded.size());
        // the server's own mapping, which the comparison below relies on
        assertEquals("\u20ac", loaded.get(0x80)[0], "0x80 is the euro sign (cp1252)");
        assertEquals("\u0081", loaded.get(0x81)[0], "0x81 is the C1 control U+0081");
        assertEquals("\u00ff", loaded.get(0xff)[0]);
        assertSameText(loaded, "load");

        // The stream: the same 256 values inserted while it runs, as ids 1000..1255.
        BinlogSyncResource.server.exec(DB, "INSERT INTO chars (id, txt, note) SELECT 1000 + seq,"
                + " CHAR(seq USING latin1), CONCAT('a', CHAR(seq USING latin1), 'z') FROM seq_0_to_255");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> chars().countDocuments(new Document("_id", new Document("$gte", 1000))) == 256);
        Map<Integer, String[]> streamed = expected(1000);
        assertEquals(256, streamed.size());
        assertSameText(streamed, "stream");
    }

    /** What MariaDB returns for the rows with ids from {@code from} to {@code from + 255}, converted by the server. */
    private static Map<Integer, String[]> expected(int from) throws Exception {
        Map<Integer, String[]> out = new HashMap<>();
        try (Connection c = BinlogSyncResource.server.root(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, CONVERT(txt USING utf8mb4), CONVERT(note USING utf8mb4)"
                        + " FROM chars WHERE id BETWEEN " + from + " AND " + (from + 255))) {
            while (rs.next()) {
                out.put(rs.getInt(1) - from, new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    private void assertSameText(Map<Integer, String[]> expected, String path) {
        int from = "load".equals(path) ? 0 : 1000;
        List<String> wrong = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            Document d = chars().find(new Document("_id", from + b)).first();
            String[] want = expected.get(b);
            assertTrue(d != null, path + ": no document for byte " + b);
            if (!want[0].equals(d.getString("txt")) || !want[1].equals(d.getString("note"))) {
                wrong.add(String.format("0x%02X: expected %s / %s, got %s / %s", b, codes(want[0]), codes(want[1]),
                        codes(d.getString("txt")), codes(d.getString("note"))));
            }
        }
        assertEquals(List.of(), wrong, path + ": text differs from what MariaDB returns");
    }

    private static String codes(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(b.length() == 0 ? "" : " ").append(String.format("U+%04X", cp)));
        return b.toString();
    }
}
