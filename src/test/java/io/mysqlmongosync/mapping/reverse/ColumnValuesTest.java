package io.mysqlmongosync.mapping.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.schema.ColumnInfo;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** BSON → MySQL values: exact, or refused naming the column; never rounded. */
class ColumnValuesTest {

    static final TypeOptions OPTIONS = TypeOptions.defaults();

    static ColumnInfo col(String dataType, String columnType, int precision, int scale, int fsp, boolean nullable) {
        return new ColumnInfo("c", dataType, columnType, precision, scale, fsp, nullable, false);
    }

    static Object sql(ColumnInfo c, Object v) throws RefusedValue {
        return ColumnValues.toSql(c, v, OPTIONS).value();
    }

    static String refused(ColumnInfo c, Object v) {
        return assertThrows(RefusedValue.class, () -> ColumnValues.toSql(c, v, OPTIONS)).getMessage();
    }

    @Test
    void decimalIsExactOrRefused() throws Exception {
        ColumnInfo dec = col("decimal", "decimal(10,2)", 10, 2, 0, false);
        assertEquals(new BigDecimal("12.30"), sql(dec, new Decimal128(new BigDecimal("12.3"))));
        assertEquals(new BigDecimal("99999999.99"), sql(dec, new Decimal128(new BigDecimal("99999999.99"))));
        assertEquals(new BigDecimal("-5.00"), sql(dec, -5));
        assertTrue(refused(dec, new Decimal128(new BigDecimal("1.005"))).contains("keeps 2 decimal places"));
        assertTrue(refused(dec, new Decimal128(new BigDecimal("100000000"))).contains("out of range"));
        assertTrue(refused(dec, "1.50").contains("the document holds a string"));
        assertTrue(refused(dec, 1.5).contains("holds a double"));
        assertTrue(refused(dec, null).contains("NOT NULL"));
        assertTrue(refused(col("decimal", "decimal(5,2) unsigned", 5, 2, 0, true), -1).contains("UNSIGNED"));
    }

    @Test
    void integersAreRangeChecked() throws Exception {
        assertEquals(127L, sql(col("tinyint", "tinyint(4)", 3, 0, 0, false), 127));
        assertTrue(refused(col("tinyint", "tinyint(4)", 3, 0, 0, false), 128).contains("-128..127"));
        assertEquals(255L, sql(col("tinyint", "tinyint(3) unsigned", 3, 0, 0, false), 255));
        assertTrue(refused(col("int", "int(11)", 10, 0, 0, false), 1L << 31).contains("out of range"));
        assertTrue(refused(col("int", "int(11)", 10, 0, 0, false), 1.0).contains("double"));
        assertEquals(new java.math.BigInteger("18446744073709551615"), sql(col("bigint", "bigint(20) unsigned", 20, 0,
                0, false), new Decimal128(new BigDecimal("18446744073709551615"))));
        assertEquals(1, sql(col("tinyint", "tinyint(1)", 3, 0, 0, false), true));
    }

    @Test
    void dateTimesKeepMicrosecondsAndRefuseFinerThanTheColumn() throws Exception {
        ColumnInfo dt6 = col("datetime", "datetime(6)", -1, -1, 6, true);
        Date ms = new Date(1_700_000_000_123L);
        assertEquals("2023-11-14 22:13:20.123456",
                ColumnValues.dateTime(dt6, ms, 1_700_000_000_123_456L, true, OPTIONS).value());
        assertEquals("2023-11-14 22:13:20.123000", ColumnValues.dateTime(dt6, ms, null, true, OPTIONS).value());
        assertTrue(assertThrows(RefusedValue.class, () -> ColumnValues.dateTime(dt6, ms, 1_600_000_000_000_000L, true,
                OPTIONS)).getMessage().contains("disagree"));
        ColumnInfo dt0 = col("datetime", "datetime", -1, -1, 0, true);
        assertTrue(assertThrows(RefusedValue.class, () -> ColumnValues.dateTime(dt0, ms, null, true, OPTIONS))
                .getMessage().contains("keeps 0 fractional"));
        TypeOptions paris = new TypeOptions(true, "_micros", false, false, ZoneId.of("+01:00"));
        assertEquals("2023-11-14 23:13:20.123000", ColumnValues.dateTime(dt6, ms, null, true, paris).value());
        assertNull(ColumnValues.dateTime(dt6, null, null, true, OPTIONS).value());
        assertEquals("2024-01-01", sql(col("date", "date", -1, -1, 0, true), new Date(1_704_067_200_000L)));
        assertTrue(refused(col("date", "date", -1, -1, 0, true), new Date(1_704_067_200_001L)).contains("time of day"));
    }

    @Test
    void setsJsonBinaryPointAndFloat() throws Exception {
        ColumnInfo set = col("set", "set('new','sale','o''k')", -1, -1, 0, false);
        assertEquals("sale,o'k", sql(set, List.of("sale", "o'k")));
        assertEquals("", sql(set, List.of()));
        assertTrue(refused(set, List.of("old")).contains("'old' is not one of"));
        ColumnInfo json = new ColumnInfo("c", "json", "json", -1, -1, 0, true, true);
        assertEquals("{\"a\": [1, 2.5, \"x\\\"y\", null, true], \"b\": {}}", sql(json, new Document("a",
                java.util.Arrays.asList(1, 2.5, "x\"y", null, true)).append("b", new Document())));
        assertTrue(refused(json, new Document("d", new Date())).contains("no exact JSON form"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) sql(col("blob", "blob", -1, -1, 0, true), new Binary(new byte[] {1, 2})));
        SqlValue point = ColumnValues.toSql(col("point", "point", -1, -1, 0, true),
                new Document("type", "Point").append("coordinates", List.of(1.0, 2.0)), OPTIONS);
        assertEquals("ST_GeomFromWKB(?)", point.placeholder());
        assertEquals(21, ((byte[]) point.value()).length);
        assertEquals(0.5, sql(col("float", "float", -1, -1, 0, false), 0.5));
        assertTrue(refused(col("float", "float", -1, -1, 0, false), 0.1).contains("single-precision"));
    }
}
