package io.mysqlmongosync.source.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.SourceRow;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.schema.TableSchema;
import io.mysqlmongosync.source.SchemaDiscoveryAccess;
import io.mysqlmongosync.testing.BinlogMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A row of every type read from the binlog converts into exactly the document the polling path makes from a page
 * read of the same row (same fields, BSON types, values and warnings), for inserts, both images of an update and
 * deletes, with TIMESTAMPs in more than one source time zone.
 */
class BinlogDocumentEquivalenceIT {

    static final String DB = "cdc_types";
    static BinlogMariaDb server;

    @BeforeAll
    static void startServer() throws Exception {
        server = BinlogMariaDb.start(Path.of("target/binlog-equivalence"), 11);
        server.exec(null, "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4");
        server.exec(DB, """
                CREATE TABLE all_types (
                  id BIGINT PRIMARY KEY,
                  t_tiny TINYINT, t_tiny_u TINYINT UNSIGNED, t_bool TINYINT(1), t_small SMALLINT,
                  t_small_u SMALLINT UNSIGNED, t_medium MEDIUMINT, t_medium_u MEDIUMINT UNSIGNED, t_int INT,
                  t_int_u INT UNSIGNED, t_big BIGINT, t_big_u BIGINT UNSIGNED,
                  t_float FLOAT, t_double DOUBLE, t_dec DECIMAL(12,2), t_dec_wide DECIMAL(65,30),
                  t_date DATE, t_dt DATETIME, t_dt3 DATETIME(3), t_dt6 DATETIME(6), t_ts TIMESTAMP(6) NULL,
                  t_ts0 TIMESTAMP NULL, t_time TIME, t_time3 TIME(3), t_time6 TIME(6), t_year YEAR,
                  t_char CHAR(10), t_varchar VARCHAR(100), t_latin VARCHAR(50) CHARACTER SET latin1,
                  t_text TEXT, t_long LONGTEXT, t_enum ENUM('draft','active','it''s'), t_set SET('new','sale','eco'),
                  t_bit1 BIT(1), t_bit8 BIT(8), t_bit12 BIT(12), t_json JSON, t_blob BLOB, t_bin BINARY(4),
                  t_varbin VARBINARY(20), t_point POINT, t_line LINESTRING,
                  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))""");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+00:00", "+05:30"})
    void binlogRowsConvertLikePageReads(String zone) throws Exception {
        String table = "all_types";
        try (Connection c = session(zone)) {
            exec(c, "DELETE FROM " + table);
            BinlogPosition start = SourcePositions.current(c);
            insertRows(c, table);
            exec(c, "UPDATE " + table + " SET t_varchar = 'changed', t_int = -7, t_set = 'eco' WHERE id = 1");
            List<SourceRow> polled = pageRead(c, table, zone);
            exec(c, "DELETE FROM " + table + " WHERE id = 2");
            List<RowChange> changes = stream(start, 5 + 1 + 1);
            TableSchema schema = SchemaDiscoveryAccess.discover(c, table);
            RowConverter converter = new RowConverter(schema, converter(zone));
            BinlogTable binlog = BinlogTable.of(c, schema, converter, ZoneId.of(zone));

            List<SourceRow> inserted = new ArrayList<>();
            for (RowChange ch : changes.subList(0, 5)) {
                assertEquals(RowChange.Type.INSERT, ch.type());
                inserted.add(binlog.convert(ch.after()));
            }
            RowChange update = changes.get(5);
            assertEquals(RowChange.Type.UPDATE, update.type());
            assertSame(inserted.get(0), binlog.convert(update.before()), "update before-image");
            assertSame(polled.get(0), binlog.convert(update.after()), "update after-image");
            for (int i = 1; i < 5; i++) {
                assertSame(polled.get(i), inserted.get(i), "row " + (i + 1));
            }
            RowChange delete = changes.get(6);
            assertEquals(RowChange.Type.DELETE, delete.type());
            assertSame(polled.get(1), binlog.convert(delete.before()), "delete before-image");
        }
    }

    private static void assertSame(SourceRow expected, SourceRow actual, String what) {
        assertEquals(expected.id(), actual.id(), what + ": _id");
        assertEquals(expected.document().keySet().stream().toList(), actual.document().keySet().stream().toList(),
                what + ": fields");
        for (String f : expected.document().keySet()) {
            Object e = expected.document().get(f);
            Object a = actual.document().get(f);
            if ("00:00:01.500".equals(e) && f.equals("t_time3")) {
                // Connector/J drops the sign of a negative TIME under one hour (the server sends -00:00:01.500,
                // getString gives 00:00:01.500); the binlog path keeps the server's value
                assertEquals("-00:00:01.500", a, what + ": " + f);
                continue;
            }
            assertEquals(e == null ? null : e.getClass(), a == null ? null : a.getClass(), what + ": type of " + f);
            assertEquals(e, a, what + ": " + f);
        }
        assertEquals(expected.version(), actual.version(), what + ": version");
        assertEquals(expected.warnings(), actual.warnings(), what + ": warnings");
    }

    private static void insertRows(Connection c, String table) throws Exception {
        exec(c, "SET SESSION sql_mode = ''");
        exec(c, "INSERT INTO " + table + " VALUES (1, -128, 255, 1, -32768, 65535, -8388608, 16777215, -2147483648,"
                + " 4294967295, -9223372036854775808, 18446744073709551615, 1.1, 4.25, -1234567890.99,"
                + " 12345678901234567890123456789012345.123456789012345678901234567890, '2024-02-29',"
                + " '2024-01-02 03:04:05', '2024-01-02 03:04:05.123', '2024-01-02 03:04:05.654321',"
                + " '2024-03-31 01:30:00.000001', '2038-01-19 03:14:07', '-838:59:59', '-00:00:01.500', '123:04:05.000007',"
                + " 2024, 'ab', 'grüße 🎉', 'café', 'long text', REPEAT('x', 70000), 'it''s', 'new,eco',"
                + " b'1', b'10100101', b'101010101010', '{\"color\":\"red\",\"dims\":[1,2.5],\"ok\":true,\"n\":null}',"
                + " x'DEADBEEF', x'01020000', x'00ff00', ST_GeomFromText('POINT(13.4 52.5)'),"
                + " ST_GeomFromText('LINESTRING(0 0,1 1,2 1)'), '2024-01-02 03:04:05.000001')");
        exec(c, "INSERT INTO " + table + " (id, updated_at) VALUES (2, '2024-01-02 03:04:05')");
        exec(c, "INSERT INTO " + table + " (id, t_date, t_dt, t_dt6, t_ts, t_enum, t_set, t_float, t_json, t_bit12,"
                + " t_time, updated_at) VALUES (3, '0000-00-00', '0000-00-00 00:00:00', '2024-00-10 00:00:00', 0, 99,"
                + " '', -0.000123, '[1, \"two\", {\"three\": 3.5}]', b'0', '00:00:00', '1999-12-31 23:59:59.999999')");
        exec(c, "INSERT INTO " + table + " (id, t_tiny_u, t_small_u, t_int_u, t_big_u, t_float, t_double, t_dec,"
                + " t_json, t_year, t_bool, updated_at) VALUES (4, 0, 0, 0, 9223372036854775808, 3.4028235E38,"
                + " 1.7976931348623157E308, 0.00, '\"plain string\"', 1901, 0, '2024-06-30 12:00:00.5')");
        exec(c, "START TRANSACTION");
        exec(c, "INSERT INTO " + table + " (id, t_varchar, t_json, t_dec_wide, t_ts0, updated_at) VALUES (5, '', "
                + "'{}', 1.500000000000000000000000000000, '1970-01-01 06:00:01', NOW(6))");
        exec(c, "COMMIT");
    }

    private static List<SourceRow> pageRead(Connection c, String table, String zone) throws Exception {
        TableSchema schema = SchemaDiscoveryAccess.discover(c, table);
        RowConverter converter = new RowConverter(schema, converter(zone));
        List<SourceRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(converter.convert(rs));
            }
        }
        return rows;
    }

    private static TypeConverter converter(String zone) {
        return new TypeConverter(new TypeOptions(true, "_micros", false, false, ZoneId.of(zone)));
    }

    private static List<RowChange> stream(BinlogPosition start, int expected) throws Exception {
        BinlogStream.Endpoint endpoint = new BinlogStream.Endpoint("127.0.0.1", server.port(), "root", "", DB, 9011);
        List<RowChange> changes = new ArrayList<>();
        try (BinlogStream stream = new BinlogStream(endpoint, Set.of("all_types"), start, 2000)) {
            stream.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (changes.size() < expected && System.currentTimeMillis() < deadline) {
                stream.poll(100, 500).forEach(tx -> changes.addAll(tx.changes()));
            }
        }
        assertTrue(changes.size() >= expected, "changes streamed: " + changes.size());
        return changes;
    }

    private static Connection session(String zone) throws Exception {
        Connection c = server.root(DB);
        exec(c, "SET time_zone = '" + zone + "'");
        return c;
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
