package io.mysqlmongosync.mapping;

import io.mysqlmongosync.schema.ColumnInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.json.JsonParseException;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * MySQL → BSON conversion exactly as the README's "Type mapping" table lays it out. A {@link FieldWriter} is chosen
 * once per column, so converting a row costs no type dispatch and no reflection. The static methods are
 * the value rules themselves, unit-tested without a database.
 */
public final class TypeConverter {

    private static final int DECIMAL128_DIGITS = 34;

    private final TypeOptions options;

    /** Creates a converter with the given options. */
    public TypeConverter(TypeOptions options) {
        this.options = options;
    }

    /** The options in force. */
    public TypeOptions options() {
        return options;
    }

    /** Writes one column of the current row into a document. */
    @FunctionalInterface
    public interface FieldWriter {
        /** Reads column {@code index} of {@code rs} and puts the converted value(s) into {@code out}. */
        void write(ResultSet rs, int index, Document out, List<String> warnings) throws SQLException;
    }

    /** Reads one column of the current row as its converted value (null for NULL). */
    @FunctionalInterface
    public interface ValueReader {
        /** The converted value of column {@code index} of {@code rs}; conversion warnings go to {@code warnings}. */
        Object read(ResultSet rs, int index, List<String> warnings) throws SQLException;
    }

    /** The writer for {@code column}. */
    public FieldWriter writerFor(ColumnInfo column) {
        if (column.kind() == io.mysqlmongosync.schema.ColumnKind.DATETIME) {
            return datetimeWriter(column);
        }
        String name = column.name();
        ValueReader reader = readerFor(column);
        return (rs, i, out, w) -> put(out, name, reader.read(rs, i, w));
    }

    /**
     * The value of {@code column}, any kind but DATETIME (which gives up to two fields: see {@link #microsOf}):
     * the one place the value rules per kind are chosen, shared by the document writers and the BSON encoder.
     */
    public ValueReader readerFor(ColumnInfo column) {
        String name = column.name();
        return switch (column.kind()) {
            case BOOLEAN -> (rs, i, w) -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v != 0;
            };
            case INT32, YEAR -> (rs, i, w) -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v;
            };
            case INT64 -> (rs, i, w) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            };
            case UINT64 -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : unsignedBigint(new BigInteger(v));
            };
            case DECIMAL -> (rs, i, w) -> {
                BigDecimal v = rs.getBigDecimal(i);
                return v == null ? null : decimal(v, name, w);
            };
            case DOUBLE -> (rs, i, w) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : v;
            };
            case DATETIME -> throw new IllegalArgumentException(name + " is a DATETIME: see microsOf");
            case DATE -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : date(v, name, w);
            };
            case TIME, STRING -> (rs, i, w) -> rs.getString(i);
            case SET -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : set(v);
            };
            case JSON -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : json(v, name);
            };
            case BINARY -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : new Binary(v);
            };
            case BIT_BOOLEAN -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : bits(v) != 0;
            };
            case BIT_LONG -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : bits(v);
            };
            case GEOMETRY -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : geometry(v);
            };
        };
    }

    /** A DATETIME/TIMESTAMP column's value in µs since the epoch (null for NULL or a zero date). */
    @FunctionalInterface
    public interface MicrosReader {
        /** The value of column {@code index}; a zero date is reported in {@code warnings} and read as null. */
        Long read(ResultSet rs, int index, List<String> warnings) throws SQLException;
    }

    /** Whether a DATETIME/TIMESTAMP {@code column} also gets the int64 µs sibling field. */
    public boolean keepsMicros(ColumnInfo column) {
        return options.keepMicros() && column.fsp() > 3;
    }

    /** The value reader of a DATETIME/TIMESTAMP column: its field is a date of the µs floored to ms. */
    public MicrosReader microsOf(ColumnInfo column) {
        String name = column.name();
        boolean direct = readsDirectly(column);
        return (rs, i, w) -> {
            LocalDateTime t = direct ? localDateTime(rs, i) : null;
            String v = null;
            Long us;
            if (t != null) {
                us = epochMicros(t, options.zone());
            } else {
                v = rs.getString(i);
                us = v == null ? null : epochMicros(v, options.zone());
            }
            if (v != null && us == null) {
                w.add(name + ": zero date '" + v + "' written as null");
            }
            return us;
        };
    }

    private FieldWriter datetimeWriter(ColumnInfo column) {
        String name = column.name();
        boolean micros = keepsMicros(column);
        String microsField = name + options.microsSuffix();
        MicrosReader reader = microsOf(column);
        return (rs, i, out, w) -> {
            Long us = reader.read(rs, i, w);
            put(out, name, us == null ? null : new Date(Math.floorDiv(us, 1000L)));
            if (micros) {
                put(out, microsField, us);
            }
        };
    }

    private void put(Document out, String name, Object value) {
        if (value != null || !options.omitNulls()) {
            out.put(name, value);
        }
    }

    private Object date(String v, String column, List<String> warnings) {
        LocalDate d = parseDate(v);
        if (d == null) {
            warnings.add(column + ": zero date '" + v + "' written as null");
            return null;
        }
        return options.dateAsString() ? d.toString() : new Date(d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    /** BIGINT UNSIGNED: int64 when it fits, else an exact Decimal128. */
    public static Object unsignedBigint(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : new Decimal128(new BigDecimal(v));
    }

    /**
     * DECIMAL: an exact Decimal128. A value with more than 34 significant digits (possible from DECIMAL(65,x))
     * has no exact Decimal128; it is kept exact as a string and reported as a warning instead of being rounded.
     */
    public static Object decimal(BigDecimal v, String column, List<String> warnings) {
        BigDecimal exact = v;
        if (exact.precision() > DECIMAL128_DIGITS) {
            exact = exact.stripTrailingZeros();
        }
        if (exact.precision() > DECIMAL128_DIGITS || exact.scale() > 6176 || exact.scale() < -6111) {
            warnings.add(column + ": DECIMAL value has " + exact.precision()
                    + " significant digits, more than Decimal128 holds exactly; written as a string");
            return v.toPlainString();
        }
        return new Decimal128(exact);
    }

    /**
     * Whether {@code column}'s values are read as {@link LocalDateTime} straight from the driver rather than as
     * text: Connector/J formats a DATETIME as text only for us to parse it back, which cost ~13 µs per value.
     * Only DATETIME, whose values carry no zone; TIMESTAMP stays on the text path, so no driver time-zone
     * setting can shift it.
     */
    public static boolean readsDirectly(ColumnInfo column) {
        return column.kind() == io.mysqlmongosync.schema.ColumnKind.DATETIME
                && "datetime".equalsIgnoreCase(column.dataType());
    }

    /**
     * A DATETIME value as the driver decodes it, or null when it is NULL or cannot be a {@link LocalDateTime}
     * (a zero date such as {@code 0000-00-00}, which the caller then reads as text and reports).
     */
    public static LocalDateTime localDateTime(ResultSet rs, int index) {
        try {
            LocalDateTime t = rs.getObject(index, LocalDateTime.class);
            return t == null || t.getYear() == 0 ? null : t; // year 0 is a zero date to us (see parseDate)
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Microseconds since the epoch of a {@code yyyy-MM-dd HH:mm:ss[.ffffff]} value in {@code zone}, or null for a
     * zero date ({@code 0000-00-00 ...} or a zero month/day).
     */
    public static Long epochMicros(String v, ZoneId zone) {
        LocalDateTime t = parseDateTime(v);
        return t == null ? null : epochMicros(t, zone);
    }

    /** Microseconds since the epoch of {@code t} read as a wall-clock time in {@code zone}. */
    public static long epochMicros(LocalDateTime t, ZoneId zone) {
        long seconds = zone instanceof ZoneOffset off ? t.toEpochSecond(off) : t.atZone(zone).toEpochSecond();
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), t.getNano() / 1000L);
    }

    /** Parses MySQL's DATETIME text form; null for zero dates. */
    public static LocalDateTime parseDateTime(String v) {
        LocalDate d = parseDate(v);
        if (d == null) {
            return null;
        }
        if (v.length() < 19) {
            return d.atStartOfDay();
        }
        int h = num(v, 11, 13);
        int m = num(v, 14, 16);
        int s = num(v, 17, 19);
        int nanos = 0;
        if (v.length() > 20 && v.charAt(19) == '.') {
            String frac = v.substring(20);
            nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
        }
        return d.atTime(h, m, s, nanos);
    }

    /** Parses the date part of MySQL's DATE/DATETIME text form; null for zero dates. */
    public static LocalDate parseDate(String v) {
        if (v.length() < 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            throw new ConversionException("not a MySQL date: '" + v + "'");
        }
        int y = num(v, 0, 4);
        int mo = num(v, 5, 7);
        int d = num(v, 8, 10);
        if (y == 0 || mo == 0 || d == 0) {
            return null;
        }
        return LocalDate.of(y, mo, d);
    }

    /** Formats a date-time in MySQL's text form with six fractional digits (for SQL parameters). */
    public static String formatDateTime(LocalDateTime t) {
        return String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    }

    /** SET: the comma-separated members as an array (empty set → empty array). */
    public static List<String> set(String v) {
        return v.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(v.split(",")));
    }

    /** JSON: an embedded document, array or scalar; invalid JSON is a {@link ConversionException}. */
    public static Object json(String v, String column) {
        try {
            return Document.parse("{\"v\":" + v + "\n}").get("v");
        } catch (JsonParseException | IllegalArgumentException | org.bson.BsonInvalidOperationException e) {
            String shown = v.length() > 60 ? v.substring(0, 60) + "..." : v;
            throw new ConversionException(column + ": invalid JSON '" + shown + "': " + e.getMessage(), e);
        }
    }

    /** BIT(n): the big-endian bits as a number. */
    public static long bits(byte[] v) {
        long r = 0;
        for (byte b : v) {
            r = (r << 8) | (b & 0xff);
        }
        return r;
    }

    /**
     * GEOMETRY in MySQL's internal form (4-byte SRID, then WKB): a POINT becomes GeoJSON; other shapes stay
     * binary (subtype 0) with the SRID prefix, so nothing is lost.
     */
    public static Object geometry(byte[] v) {
        if (v.length == 25) {
            ByteBuffer wkb = ByteBuffer.wrap(v, 4, 21);
            wkb.order(wkb.get() == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            if (wkb.getInt() == 1) {
                return new Document("type", "Point").append("coordinates", List.of(wkb.getDouble(), wkb.getDouble()));
            }
        }
        return new Binary(v);
    }

    private static int num(String v, int from, int to) {
        int r = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new ConversionException("not a MySQL date/time: '" + v + "'");
            }
            r = r * 10 + (c - '0');
        }
        return r;
    }
}
