package io.mysqlmongosync.mapping.reverse;

import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.schema.ColumnInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * BSON → MySQL value rules, the reverse of {@link TypeConverter} on plain Java values: a document value becomes the
 * SQL parameter that stores it exactly, or a {@link RefusedValue} saying why it cannot (a string into a DECIMAL, a
 * Decimal128 with more decimal places than the column keeps, an integer out of the column's range, a time finer
 * than the column's fractional seconds). Nothing is ever rounded. Unit-tested without a database.
 */
public final class ColumnValues {

    private ColumnValues() {
    }

    /**
     * The SQL value of {@code value} for {@code column} (any kind but DATETIME/TIMESTAMP, see {@link #dateTime}).
     *
     * @throws RefusedValue when it cannot be stored exactly
     */
    public static SqlValue toSql(ColumnInfo column, Object value, TypeOptions options) throws RefusedValue {
        if (value == null) {
            if (!column.nullable()) {
                throw refused(column, "is NOT NULL; the document holds null");
            }
            return SqlValue.of(null);
        }
        return switch (column.kind()) {
            case BOOLEAN, BIT_BOOLEAN -> SqlValue.of(bool(column, value));
            case INT32, INT64, YEAR -> SqlValue.of(integer(column, value));
            case UINT64 -> SqlValue.of(unsignedBigint(column, value));
            case DECIMAL -> SqlValue.of(decimal(column, value));
            case DOUBLE -> SqlValue.of(floating(column, value));
            case DATETIME -> throw new IllegalArgumentException(column.name() + " is a DATETIME: see dateTime");
            case DATE -> SqlValue.of(date(column, value, options));
            case TIME, STRING -> SqlValue.of(string(column, value));
            case SET -> SqlValue.of(ShapedValues.set(column, value));
            case JSON -> SqlValue.of(JsonText.of(column, value));
            case BINARY -> SqlValue.of(binary(column, value));
            case BIT_LONG -> SqlValue.of(ShapedValues.bits(column, value));
            case GEOMETRY -> ShapedValues.point(column, value);
        };
    }

    /**
     * A DATETIME/TIMESTAMP value from the document's date field and, when the column keeps microseconds, its
     * {@code _micros} sibling ({@code micros}, may be null): the sibling wins when it agrees with the date to the
     * millisecond or the date was not changed ({@code dateChanged} false); a sibling that contradicts a changed date
     * is refused. The result is the column's wall-clock text in the source zone.
     */
    public static SqlValue dateTime(ColumnInfo column, Object date, Object micros, boolean dateChanged,
            TypeOptions options) throws RefusedValue {
        if (date == null && micros == null) {
            return toSqlNull(column);
        }
        if (date != null && !(date instanceof Date)) {
            throw refused(column, "expects a date; the document holds " + typeOf(date));
        }
        if (micros != null && !(micros instanceof Long)) {
            throw refused(column, "expects an int64 of microseconds in its micros field; the document holds "
                    + typeOf(micros));
        }
        long us;
        if (micros instanceof Long m && (date == null || !dateChanged
                || Math.floorDiv(m, 1000L) == ((Date) date).getTime())) {
            us = m;
        } else if (micros != null && dateChanged) {
            throw refused(column, "date and micros field disagree; change both or only the date");
        } else {
            us = ((Date) date).getTime() * 1000L;
        }
        long unit = (long) Math.pow(10, 6 - Math.min(6, column.fsp()));
        if (us % unit != 0) {
            throw refused(column, "keeps " + column.fsp() + " fractional second digits; the value has more");
        }
        Instant at = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
        return SqlValue.of(TypeConverter.formatDateTime(LocalDateTime.ofInstant(at, options.zone())));
    }

    private static SqlValue toSqlNull(ColumnInfo column) throws RefusedValue {
        if (!column.nullable()) {
            throw refused(column, "is NOT NULL; the document holds null");
        }
        return SqlValue.of(null);
    }

    private static Object bool(ColumnInfo column, Object value) throws RefusedValue {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw refused(column, "expects a boolean; the document holds " + typeOf(value));
    }

    static long integer(ColumnInfo column, Object value) throws RefusedValue {
        if (!(value instanceof Integer) && !(value instanceof Long)) {
            throw refused(column, "expects an integer; the document holds " + typeOf(value));
        }
        long v = ((Number) value).longValue();
        long[] range = range(column);
        if (v < range[0] || v > range[1]) {
            throw refused(column, "holds " + range[0] + ".." + range[1] + "; the value is out of range");
        }
        return v;
    }

    /** The range of an integer column, by type and sign. */
    static long[] range(ColumnInfo column) {
        boolean unsigned = column.unsigned();
        int bits = switch (column.dataType().toLowerCase(Locale.ROOT)) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            case "year" -> 0;
            default -> 64;
        };
        if (bits == 0) {
            return new long[] {1901, 2155};
        }
        if (bits == 64) {
            return new long[] {unsigned ? 0 : Long.MIN_VALUE, Long.MAX_VALUE};
        }
        return unsigned ? new long[] {0, (1L << bits) - 1} : new long[] {-(1L << (bits - 1)), (1L << (bits - 1)) - 1};
    }

    private static BigInteger unsignedBigint(ColumnInfo column, Object value) throws RefusedValue {
        BigInteger v;
        if (value instanceof Integer || value instanceof Long) {
            v = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof Decimal128 d && d.isFinite()) {
            try {
                v = d.bigDecimalValue().toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw refused(column, "expects an integer; the decimal has a fraction");
            }
        } else {
            throw refused(column, "expects an integer; the document holds " + typeOf(value));
        }
        if (v.signum() < 0 || v.bitLength() > 64) {
            throw refused(column, "holds 0..18446744073709551615; the value is out of range");
        }
        return v;
    }

    /** DECIMAL(p,s): exact, at most s decimal places and p-s integer digits; never rounded. */
    static BigDecimal decimal(ColumnInfo column, Object value) throws RefusedValue {
        BigDecimal v;
        if (value instanceof Decimal128 d) {
            if (!d.isFinite() || d.isNaN()) {
                throw refused(column, "expects a number; the decimal is not finite");
            }
            v = d.bigDecimalValue();
        } else if (value instanceof Integer || value instanceof Long) {
            v = BigDecimal.valueOf(((Number) value).longValue());
        } else {
            throw refused(column, "expects a Decimal128 (or an integer); the document holds " + typeOf(value));
        }
        int scale = Math.max(0, column.scale());
        BigDecimal stripped = v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
        if (stripped.scale() > scale) {
            throw refused(column, "keeps " + scale + " decimal places; the value has " + stripped.scale()
                    + " (not rounded)");
        }
        BigDecimal exact = stripped.setScale(scale);
        int integerDigits = exact.precision() - exact.scale();
        if (column.precision() > 0 && integerDigits > column.precision() - scale && exact.signum() != 0) {
            throw refused(column, "is DECIMAL(" + column.precision() + "," + scale + "); the value is out of range");
        }
        if (column.unsigned() && exact.signum() < 0) {
            throw refused(column, "is UNSIGNED; the value is negative");
        }
        return exact;
    }

    private static double floating(ColumnInfo column, Object value) throws RefusedValue {
        double d;
        if (value instanceof Double x) {
            d = x;
        } else if ((value instanceof Integer || value instanceof Long) && Math.abs(((Number) value).longValue()) < 1L << 53) {
            d = ((Number) value).doubleValue();
        } else {
            throw refused(column, "expects a double; the document holds " + typeOf(value));
        }
        if (!Double.isFinite(d)) {
            throw refused(column, "cannot hold NaN or infinity");
        }
        if (column.dataType().equalsIgnoreCase("float") && (double) (float) d != d) {
            throw refused(column, "is a FLOAT; the value has no exact single-precision form");
        }
        return d;
    }

    private static String date(ColumnInfo column, Object value, TypeOptions options) throws RefusedValue {
        if (value instanceof Date d) {
            Instant at = d.toInstant();
            LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
            if (!t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
                throw refused(column, "is a DATE; the date has a time of day (DATE values are 00:00 UTC)");
            }
            return t.toLocalDate().toString();
        }
        if (value instanceof String s && options.dateAsString()) {
            try {
                return LocalDate.parse(s).toString();
            } catch (DateTimeParseException e) {
                throw refused(column, "is a DATE; the string is not yyyy-MM-dd");
            }
        }
        throw refused(column, "expects a date; the document holds " + typeOf(value));
    }

    private static String string(ColumnInfo column, Object value) throws RefusedValue {
        if (value instanceof String s) {
            return s; // length and ENUM members are checked by MySQL in strict mode (a refused row, never cut)
        }
        throw refused(column, "expects a string; the document holds " + typeOf(value));
    }

    private static byte[] binary(ColumnInfo column, Object value) throws RefusedValue {
        if (value instanceof Binary b) {
            return b.getData();
        }
        throw refused(column, "expects binary data; the document holds " + typeOf(value));
    }

    /** The BSON type name of {@code value} for messages (never the value itself). */
    static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        Object[][] names = {{String.class, "a string"}, {Integer.class, "an int32"}, {Long.class, "an int64"},
            {Double.class, "a double"}, {Decimal128.class, "a Decimal128"}, {Boolean.class, "a boolean"},
            {Date.class, "a date"}, {Document.class, "a sub-document"}, {List.class, "an array"},
            {Binary.class, "binary data"}};
        for (Object[] n : names) {
            if (((Class<?>) n[0]).isInstance(value)) {
                return (String) n[1];
            }
        }
        return "a " + value.getClass().getSimpleName();
    }

    static RefusedValue refused(ColumnInfo column, String problem) {
        return new RefusedValue("column " + column.name() + " " + problem);
    }
}
