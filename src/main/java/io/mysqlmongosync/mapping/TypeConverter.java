package io.mysqlmongosync.mapping;

import io.mysqlmongosync.schema.ColumnInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.json.JsonParseException;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * MySQL → BSON value rules exactly as the table of docs/TYPES.md lays them out, on plain Java values (the
 * source package's {@code ColumnReaders} take them out of the result set and apply these rules). The static methods
 * are unit-tested without a database.
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

    /** Whether a DATETIME/TIMESTAMP {@code column} also gets the int64 µs sibling field. */
    public boolean keepsMicros(ColumnInfo column) {
        return options.keepMicros() && column.fsp() > 3;
    }

    /** Puts {@code value} into {@code out} unless it is null and NULLs are omitted (SYNC_NULL_MODE=omit). */
    public void put(Document out, String name, Object value) {
        if (value != null || !options.omitNulls()) {
            out.put(name, value);
        }
    }

    /** A DATETIME's date field: the µs floored to ms, or null. */
    public static Date dateOfMicros(Long us) {
        return us == null ? null : new Date(Math.floorDiv(us, 1000L));
    }

    /**
     * A DATETIME/TIMESTAMP value's µs since the epoch from the driver's {@link LocalDateTime} ({@code direct}, may
     * be null) or else its text {@code v}; a zero date is reported in {@code warnings} and read as null.
     */
    public Long micros(LocalDateTime direct, String v, String column, List<String> warnings) {
        if (direct != null) {
            return epochMicros(direct, options.zone());
        }
        Long us = v == null ? null : epochMicros(v, options.zone());
        if (v != null && us == null) {
            warnings.add(column + ": zero date '" + v + "' written as null");
        }
        return us;
    }

    /** DATE: a BSON date at 00:00 UTC or an ISO string (SYNC_DATE_MODE); a zero date is a warning and null. */
    public Object date(String v, String column, List<String> warnings) {
        LocalDate d = parseDate(v);
        if (d == null) {
            warnings.add(column + ": zero date '" + v + "' written as null");
            return null;
        }
        return date(d);
    }

    /** DATE: a plain date (years 1 to 9999) as {@link #date(String, String, List)} writes its text. */
    public Object date(LocalDate d) {
        return options.dateAsString() ? d.toString() : new Date(d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    /** BIGINT UNSIGNED: int64 when it fits, else an exact Decimal128. */
    public static Object unsignedBigint(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : new Decimal128(new BigDecimal(v));
    }

    /** DECIMAL from the server's text: as {@link #decimal(BigDecimal, String, List)} of that text. */
    public static Object decimal(String v, String column, List<String> warnings) {
        Decimal128 small = smallDecimal(v);
        return small != null ? small : decimal(new BigDecimal(v), column, warnings);
    }

    /**
     * The Decimal128 {@code new Decimal128(new BigDecimal(v))} gives for a plain decimal text of at most 18 digits
     * ({@code -?[0-9]+(\.[0-9]+)?}, what the server sends for DECIMAL), built from its digits without the
     * BigDecimal; null for any other text.
     */
    static Decimal128 smallDecimal(String v) {
        int n = v.length();
        int i = n > 0 && v.charAt(0) == '-' ? 1 : 0;
        boolean negative = i == 1;
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (point) {
                    scale++;
                }
            } else if (c == '.' && !point && digits > 0 && i + 1 < n) {
                point = true;
            } else {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        // BID layout for a coefficient below 2^113: sign, 14-bit exponent biased by 6176, coefficient.
        long high = ((long) (6176 - scale) << 49) | (negative && unscaled != 0 ? Long.MIN_VALUE : 0L);
        return Decimal128.fromIEEE754BIDEncoding(high, unscaled);
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
        // v.split(",") without its regular-expression machinery (a long C2 compilation on a cold JVM):
        // the members between commas, trailing empty ones dropped as split drops them.
        List<String> members = new ArrayList<>();
        if (v.isEmpty()) {
            return members;
        }
        int from = 0;
        for (int comma = v.indexOf(','); comma >= 0; comma = v.indexOf(',', from)) {
            members.add(v.substring(from, comma));
            from = comma + 1;
        }
        members.add(v.substring(from));
        while (!members.isEmpty() && members.get(members.size() - 1).isEmpty()) {
            members.remove(members.size() - 1);
        }
        return members;
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
