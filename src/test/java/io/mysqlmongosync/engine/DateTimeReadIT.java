package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * DATETIME values read straight from the driver and the version taken from the converted document give exactly
 * what the text path gave: wall-clock times in SYNC_SOURCE_TIME_ZONE (here not UTC, across a DST gap), micros
 * kept, zero dates null with a warning, TIMESTAMP unchanged.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_datetimes"),
    @ResourceArg(name = "schema", value = "/db/datetimes.sql"),
    @ResourceArg(name = "tables", value = "events,ticks"),
    @ResourceArg(name = "sync.source-time-zone", value = "Europe/Berlin"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class DateTimeReadIT extends EngineFixture {

    static final String DB = "mms_datetimes";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static long micros(String wallClock) {
        LocalDateTime t = LocalDateTime.parse(wallClock.replace(' ', 'T'));
        return t.atZone(BERLIN).toEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static Date date(String wallClock) {
        return new Date(Math.floorDiv(micros(wallClock), 1000L));
    }

    @Test
    void valuesVersionsAndZeroDatesMatchTheTextRules() throws Exception {
        TestDatabase.exec(DB, "SET SESSION sql_mode = ''");
        TestDatabase.exec(DB, "INSERT INTO events (id, happened, logged, stamped, updated_at) VALUES "
                + "(1, '2024-03-31 02:30:00', '2024-10-27 02:30:00.250', '2024-07-01 12:00:00.000001', '2024-01-02 03:04:05.654321'),"
                + "(2, '0000-00-00 00:00:00', NULL, NULL, '2024-06-30 23:59:59.999999'),"
                + "(3, '0000-01-01 00:00:00', '1969-12-31 23:59:59.999', NULL, '2024-06-30 23:59:59.000000')");
        TestDatabase.exec(DB, "INSERT INTO ticks (id, updated_at) VALUES (1, '2024-02-03 04:05:06.789')");

        RunResult run = engine.run("manual", List.of(), false);
        run.tables().forEach(t -> assertEquals("success", t.status(), t.toString()));
        assertEquals(2, run.tables().get(0).warnings(), "both zero dates are reported");

        Document e1 = coll("events").find(new Document("_id", 1)).first();
        assertEquals(date("2024-03-31 02:30:00"), e1.get("happened"), "a wall-clock time in the DST gap");
        assertEquals(date("2024-10-27 02:30:00.250"), e1.get("logged"), "an ambiguous wall-clock time");
        assertFalse(e1.containsKey("logged_micros"), "fsp 3: no micros sibling");
        assertEquals(micros("2024-07-01 12:00:00.000001"), e1.get("stamped_micros"));
        assertEquals(micros("2024-01-02 03:04:05.654321"), e1.get("updated_at_micros"));
        assertEquals(micros("2024-01-02 03:04:05.654321"), e1.get("_sync", Document.class).get("version"));

        Document e2 = coll("events").find(new Document("_id", 2)).first();
        assertNull(e2.get("happened"), "zero date");
        assertEquals(micros("2024-06-30 23:59:59.999999"), e2.get("_sync", Document.class).get("version"));
        Document e3 = coll("events").find(new Document("_id", 3)).first();
        assertNull(e3.get("happened"), "year zero counts as a zero date");
        assertEquals(date("1969-12-31 23:59:59.999"), e3.get("logged"), "before the epoch");

        Document t1 = coll("ticks").find(new Document("_id", 1)).first();
        assertEquals(micros("2024-02-03 04:05:06.789"), t1.get("_sync", Document.class).get("version"),
                "fsp 3 version from the BSON date");
    }
}
