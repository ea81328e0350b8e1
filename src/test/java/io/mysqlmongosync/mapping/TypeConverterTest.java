package io.mysqlmongosync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** The value rules of the type table of docs/TYPES.md, row by row, without a database. */
class TypeConverterTest {

    private static ColumnInfo col(String dataType, String columnType, int precision) {
        return new ColumnInfo("c", dataType, columnType, precision, -1, 0, true, false);
    }

    @Test
    void kindsFollowTheTypeTable() {
        assertEquals(ColumnKind.BOOLEAN, col("tinyint", "tinyint(1)", 3).kind());
        assertEquals(ColumnKind.INT32, col("tinyint", "tinyint(4)", 3).kind());
        assertEquals(ColumnKind.INT32, col("tinyint", "tinyint(1) unsigned", 3).kind());
        assertEquals(ColumnKind.INT32, col("smallint", "smallint(6) unsigned", 5).kind());
        assertEquals(ColumnKind.INT32, col("mediumint", "mediumint(8) unsigned", 7).kind());
        assertEquals(ColumnKind.INT32, col("int", "int(11)", 10).kind());
        assertEquals(ColumnKind.INT64, col("int", "int(10) unsigned", 10).kind());
        assertEquals(ColumnKind.INT64, col("bigint", "bigint(20)", 19).kind());
        assertEquals(ColumnKind.UINT64, col("bigint", "bigint(20) unsigned", 20).kind());
        assertEquals(ColumnKind.DECIMAL, col("decimal", "decimal(65,30)", 65).kind());
        assertEquals(ColumnKind.DOUBLE, col("float", "float", 12).kind());
        assertEquals(ColumnKind.DOUBLE, col("double", "double", 22).kind());
        assertEquals(ColumnKind.DATETIME, col("datetime", "datetime(6)", -1).kind());
        assertEquals(ColumnKind.DATETIME, col("timestamp", "timestamp(3)", -1).kind());
        assertEquals(ColumnKind.DATE, col("date", "date", -1).kind());
        assertEquals(ColumnKind.TIME, col("time", "time(6)", -1).kind());
        assertEquals(ColumnKind.YEAR, col("year", "year(4)", -1).kind());
        assertEquals(ColumnKind.STRING, col("varchar", "varchar(10)", -1).kind());
        assertEquals(ColumnKind.STRING, col("enum", "enum('a','b')", -1).kind());
        assertEquals(ColumnKind.STRING, col("longtext", "longtext", -1).kind());
        assertEquals(ColumnKind.SET, col("set", "set('a','b')", -1).kind());
        assertEquals(ColumnKind.JSON, col("json", "json", -1).kind());
        assertEquals(ColumnKind.JSON, new ColumnInfo("c", "longtext", "longtext", -1, -1, 0, true, true).kind());
        assertEquals(ColumnKind.BINARY, col("blob", "blob", -1).kind());
        assertEquals(ColumnKind.BINARY, col("varbinary", "varbinary(16)", -1).kind());
        assertEquals(ColumnKind.BIT_BOOLEAN, col("bit", "bit(1)", 1).kind());
        assertEquals(ColumnKind.BIT_LONG, col("bit", "bit(12)", 12).kind());
        assertEquals(ColumnKind.GEOMETRY, col("point", "point", -1).kind());
    }

    @Test
    void unsignedBigintIsLongWhenItFitsElseExactDecimal128() {
        assertEquals(9223372036854775807L, TypeConverter.unsignedBigint(new BigInteger("9223372036854775807")));
        assertEquals(new Decimal128(new BigDecimal("18446744073709551615")),
                TypeConverter.unsignedBigint(new BigInteger("18446744073709551615")));
        assertEquals(0L, TypeConverter.unsignedBigint(BigInteger.ZERO));
    }

    @Test
    void decimalIsExactDecimal128AndNeverRounded() {
        List<String> w = new ArrayList<>();
        assertEquals(new Decimal128(new BigDecimal("1234567890.99")), TypeConverter.decimal(new BigDecimal("1234567890.99"), "p", w));
        // DECIMAL(65,30) holding a value with at most 34 significant digits: exact
        BigDecimal wide = new BigDecimal("1.500000000000000000000000000000");
        assertEquals(new Decimal128(wide), TypeConverter.decimal(wide, "p", w));
        BigDecimal stripped = new BigDecimal("10000000000000000000000000000000000.000000000000000000000000000000");
        Object v = TypeConverter.decimal(stripped, "p", w);
        assertInstanceOf(Decimal128.class, v);
        assertEquals(0, ((Decimal128) v).bigDecimalValue().compareTo(stripped));
        assertTrue(w.isEmpty());
        // 65 significant digits: no exact Decimal128 exists, so the exact text is kept and a warning raised
        BigDecimal huge = new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890");
        assertEquals(huge.toPlainString(), TypeConverter.decimal(huge, "p", w));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("p:"));
        assertEquals(new Decimal128(new BigDecimal("-0.01")), TypeConverter.decimal(new BigDecimal("-0.01"), "p", w));
    }

    @Test
    void datetimeKeepsMicrosecondsAndZeroDatesAreNull() {
        ZoneId utc = ZoneId.of("Z");
        long us = TypeConverter.epochMicros("2024-01-02 03:04:05.123456", utc);
        assertEquals(Instant.parse("2024-01-02T03:04:05Z").getEpochSecond() * 1_000_000 + 123_456, us);
        assertEquals(Instant.parse("2024-01-02T03:04:05Z").getEpochSecond() * 1_000_000,
                TypeConverter.epochMicros("2024-01-02 03:04:05", utc));
        assertEquals(Instant.parse("2024-01-02T03:04:05.1Z").toEpochMilli() * 1000,
                TypeConverter.epochMicros("2024-01-02 03:04:05.1", utc));
        assertNull(TypeConverter.epochMicros("0000-00-00 00:00:00", utc));
        assertNull(TypeConverter.epochMicros("2024-00-10 00:00:00", utc));
        assertNull(TypeConverter.parseDate("0000-00-00"));
        assertEquals(Instant.parse("2024-01-02T02:04:05Z").getEpochSecond() * 1_000_000,
                TypeConverter.epochMicros("2024-01-02 03:04:05", ZoneId.of("+01:00")));
        assertEquals("1969-12-31 23:59:59.999999",
                TypeConverter.formatDateTime(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)));
        assertThrows(ConversionException.class, () -> TypeConverter.epochMicros("yesterday", utc));
    }

    @Test
    void setIsAnArrayOfStrings() {
        assertEquals(List.of("new", "eco"), TypeConverter.set("new,eco"));
        assertEquals(List.of(), TypeConverter.set(""));
    }

    @Test
    void jsonIsParsedToDocumentsArraysAndScalars() {
        Object doc = TypeConverter.json("{\"a\": {\"b\": [1, 2.5, \"x\", null, true]}}", "attrs");
        assertEquals(new Document("a", new Document("b", java.util.Arrays.asList(1, 2.5, "x", null, true))), doc);
        assertEquals(List.of(1, 2, 3), TypeConverter.json("[1,2,3]", "attrs"));
        assertEquals("text", TypeConverter.json("\"text\"", "attrs"));
        assertEquals(42, TypeConverter.json("42", "attrs"));
        ConversionException e = assertThrows(ConversionException.class, () -> TypeConverter.json("{\"a\": ", "attrs"));
        assertTrue(e.getMessage().startsWith("attrs: invalid JSON"));
        assertThrows(ConversionException.class, () -> TypeConverter.json("{broken", "attrs"));
        assertThrows(ConversionException.class, () -> TypeConverter.json("{\"a\":1} trailing", "attrs"));
    }

    @Test
    void bitsAreBigEndianNumbers() {
        assertEquals(1L, TypeConverter.bits(new byte[] {1}));
        assertEquals(0xA5L, TypeConverter.bits(new byte[] {(byte) 0xA5}));
        assertEquals(0x0102L, TypeConverter.bits(new byte[] {1, 2}));
        assertEquals(-1L, TypeConverter.bits(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}));
    }

    @Test
    void pointBecomesGeoJsonOtherShapesStayBinary() {
        ByteBuffer b = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).put((byte) 1).putInt(1).putDouble(13.4).putDouble(52.5);
        assertEquals(new Document("type", "Point").append("coordinates", List.of(13.4, 52.5)),
                TypeConverter.geometry(b.array()));
        byte[] line = new byte[41];
        line[4] = 1;
        line[5] = 2;
        assertEquals(new Binary(line), TypeConverter.geometry(line));
    }

    @Test
    void decimalTextGivesTheDecimal128OfItsBigDecimal() {
        java.util.Random random = new java.util.Random(11);
        List<String> texts = new ArrayList<>(List.of("0", "-0", "0.00", "-0.00", "1", "-1", "12.50", "0012.50",
                "999999999999999999", "-999999999999999999", "0.000000000000000001", "123456789.123456789",
                "1234567890123456789", "12345678901234567.89", "99999999999999999999999999999999.999",
                "1e5", "1.", ".5", "-", "", "1.2.3", "--1", "+1", " 1", "1,5"));
        for (int i = 0; i < 5000; i++) {
            BigDecimal v = BigDecimal.valueOf(random.nextLong() % (long) Math.pow(10, 1 + random.nextInt(18)),
                    random.nextInt(19));
            texts.add(v.toPlainString());
        }
        for (String t : texts) {
            Object expected;
            List<String> warnings = new ArrayList<>();
            try {
                expected = TypeConverter.decimal(new BigDecimal(t), "d", warnings);
            } catch (NumberFormatException e) {
                assertThrows(NumberFormatException.class, () -> TypeConverter.decimal(t, "d", new ArrayList<>()), t);
                continue;
            }
            List<String> got = new ArrayList<>();
            Object actual = TypeConverter.decimal(t, "d", got);
            assertEquals(expected, actual, t);
            if (expected instanceof Decimal128 e) {
                Decimal128 a = (Decimal128) actual;
                assertEquals(e.getHigh(), a.getHigh(), t);
                assertEquals(e.getLow(), a.getLow(), t);
            }
            assertEquals(warnings, got, t);
        }
        assertEquals(Decimal128.parse("12.50"), TypeConverter.smallDecimal("0012.50"));
        assertNull(TypeConverter.smallDecimal("1234567890123456789")); // 19 digits: the BigDecimal way
        assertNull(TypeConverter.smallDecimal("1e5"));
    }

    @Test
    void aDateReadAsLocalDateIsWhatItsTextGives() {
        for (boolean asString : new boolean[] {false, true}) {
            TypeConverter c = new TypeConverter(new TypeOptions(true, "_micros", asString, false, ZoneId.of("Europe/Berlin")));
            for (java.time.LocalDate d = java.time.LocalDate.of(1, 1, 1); d.getYear() <= 9999; d = d.plusDays(997)) {
                List<String> warnings = new ArrayList<>();
                assertEquals(c.date(d.toString(), "d", warnings), c.date(d), d.toString());
                assertTrue(warnings.isEmpty());
            }
            assertEquals(c.date("9999-12-31", "d", new ArrayList<>()), c.date(java.time.LocalDate.of(9999, 12, 31)));
        }
    }

    @Test
    void setMembersAreWhatSplitGives() {
        for (String v : new String[] {"", "a", "a,b", "new,sale,eco", ",", ",,", "a,", "a,,", ",a", "a,,b", " a , b "}) {
            List<String> expected = v.isEmpty() ? List.of() : List.of(v.split(","));
            assertEquals(expected, TypeConverter.set(v), "'" + v + "'");
            assertInstanceOf(ArrayList.class, TypeConverter.set(v));
        }
    }
}
