package io.mysqlmongosync.source;

import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.ColumnKind;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Takes column values out of a result set, one reader per column chosen when the table is set up, and applies the
 * value rules of {@link TypeConverter}: converting a row costs no type dispatch and no reflection.
 */
public final class ColumnReaders {

    private final TypeConverter rules;

    /** Readers applying {@code rules}. */
    public ColumnReaders(TypeConverter rules) {
        this.rules = rules;
    }

    /** The value rules in force. */
    public TypeConverter rules() {
        return rules;
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

    /** A DATETIME/TIMESTAMP column's value in µs since the epoch (null for NULL or a zero date). */
    @FunctionalInterface
    public interface MicrosReader {
        /** The value of column {@code index}; a zero date is reported in {@code warnings} and read as null. */
        Long read(ResultSet rs, int index, List<String> warnings) throws SQLException;
    }

    /** The writer for {@code column}. */
    public FieldWriter writerFor(ColumnInfo column) {
        String name = column.name();
        if (column.kind() == ColumnKind.DATETIME) {
            boolean micros = rules.keepsMicros(column);
            String microsField = name + rules.options().microsSuffix();
            MicrosReader reader = microsOf(column);
            return (rs, i, out, w) -> {
                Long us = reader.read(rs, i, w);
                rules.put(out, name, TypeConverter.dateOfMicros(us));
                if (micros) {
                    rules.put(out, microsField, us);
                }
            };
        }
        ValueReader reader = readerFor(column);
        return (rs, i, out, w) -> rules.put(out, name, reader.read(rs, i, w));
    }

    /**
     * The value of {@code column}, any kind but DATETIME (which gives up to two fields: see {@link #microsOf}):
     * the one place the reader per kind is chosen, shared by the document writers and the BSON encoder.
     */
    public ValueReader readerFor(ColumnInfo column) {
        return switch (column.kind()) {
            case BOOLEAN, INT32, YEAR, INT64, DOUBLE -> numberReader(column.kind());
            case DATETIME -> throw new IllegalArgumentException(column.name() + " is a DATETIME: see microsOf");
            case TIME, STRING -> (rs, i, w) -> rs.getString(i);
            case BINARY, BIT_BOOLEAN, BIT_LONG, GEOMETRY -> bytesReader(column.kind());
            default -> textReader(column);
        };
    }

    private static ValueReader numberReader(ColumnKind kind) {
        return switch (kind) {
            case BOOLEAN -> (rs, i, w) -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v != 0;
            };
            case INT64 -> (rs, i, w) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            };
            case DOUBLE -> (rs, i, w) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : v;
            };
            default -> (rs, i, w) -> { // INT32, YEAR
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v;
            };
        };
    }

    private static ValueReader bytesReader(ColumnKind kind) {
        return switch (kind) {
            case BIT_BOOLEAN -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : TypeConverter.bits(v) != 0;
            };
            case BIT_LONG -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : TypeConverter.bits(v);
            };
            case GEOMETRY -> (rs, i, w) -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : TypeConverter.geometry(v);
            };
            default -> (rs, i, w) -> { // BINARY
                byte[] v = rs.getBytes(i);
                return v == null ? null : new Binary(v);
            };
        };
    }

    private ValueReader textReader(ColumnInfo column) {
        String name = column.name();
        return switch (column.kind()) {
            case UINT64 -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : TypeConverter.unsignedBigint(new BigInteger(v));
            };
            case DECIMAL -> (rs, i, w) -> {
                String v = rs.getString(i); // the server's text, which getBigDecimal would parse
                return v == null ? null : TypeConverter.decimal(v, name, w);
            };
            case DATE -> (rs, i, w) -> {
                // Read as a LocalDate: the text the driver would give is formatted with String.format per value.
                LocalDate d = localDate(rs, i);
                if (d != null) {
                    return rules.date(d);
                }
                String v = rs.getString(i);
                return v == null ? null : rules.date(v, name, w);
            };
            case SET -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : TypeConverter.set(v);
            };
            case JSON -> (rs, i, w) -> {
                String v = rs.getString(i);
                return v == null ? null : TypeConverter.json(v, name);
            };
            default -> throw new IllegalArgumentException(name + " has no text reader: " + column.kind());
        };
    }

    /** The value reader of a DATETIME/TIMESTAMP column: its field is a date of the µs floored to ms. */
    public MicrosReader microsOf(ColumnInfo column) {
        String name = column.name();
        boolean direct = readsDirectly(column);
        return (rs, i, w) -> {
            LocalDateTime t = direct ? localDateTime(rs, i) : null;
            return rules.micros(t, t == null ? rs.getString(i) : null, name, w);
        };
    }

    /**
     * Whether {@code column}'s values are read as {@link LocalDateTime} straight from the driver rather than as
     * text: Connector/J formats a DATETIME as text only for us to parse it back, which cost ~13 µs per value.
     * Only DATETIME, whose values carry no zone; TIMESTAMP stays on the text path, so no driver time-zone
     * setting can shift it.
     */
    public static boolean readsDirectly(ColumnInfo column) {
        return column.kind() == ColumnKind.DATETIME && "datetime".equalsIgnoreCase(column.dataType());
    }

    /**
     * A DATE value as the driver decodes it, or null when it is NULL or not a plain date of years 1 to 9999 (a zero
     * date, which the caller then reads as text and reports; its text form is then the driver's, as before).
     */
    static LocalDate localDate(ResultSet rs, int index) {
        try {
            LocalDate d = rs.getObject(index, LocalDate.class);
            return d == null || d.getYear() < 1 || d.getYear() > 9999 ? null : d;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A DATETIME value as the driver decodes it, or null when it is NULL or cannot be a {@link LocalDateTime}
     * (a zero date such as {@code 0000-00-00}, which the caller then reads as text and reports).
     */
    public static LocalDateTime localDateTime(ResultSet rs, int index) {
        try {
            // The value's text as the server sent it, read here: the driver's getObject(LocalDateTime) tries a long
            // chain of target types per value. Text it does not read (a zero month or day, a binary-protocol
            // value) goes to the driver as before.
            byte[] text = rs.getBytes(index);
            LocalDateTime t = text == null ? null : dateTimeText(text);
            if (t == null && text != null) {
                t = rs.getObject(index, LocalDateTime.class);
            }
            return t == null || t.getYear() == 0 ? null : t; // year 0 is a zero date to us (see parseDate)
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static final int[] FRACTION_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000};

    /**
     * {@code yyyy-MM-dd HH:mm:ss[.f...f]} (1 to 6 fraction digits) as a {@link LocalDateTime}; null for any other
     * text and for a month, day or time out of range.
     */
    static LocalDateTime dateTimeText(byte[] b) {
        int n = b.length;
        if (n < 19 || n == 20 || n > 26 || b[4] != '-' || b[7] != '-' || b[10] != ' ' || b[13] != ':'
                || b[16] != ':' || (n > 19 && b[19] != '.')) {
            return null;
        }
        int year = digits(b, 0, 4);
        int month = digits(b, 5, 7);
        int day = digits(b, 8, 10);
        int hour = digits(b, 11, 13);
        int minute = digits(b, 14, 16);
        int second = digits(b, 17, 19);
        int fraction = n > 19 ? digits(b, 20, n) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || fraction < 0
                || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, n > 19 ? fraction * FRACTION_SCALE[n - 20] : 0);
    }

    /** The decimal number in {@code b[from..to)}, or -1 when a byte is not a digit. */
    private static int digits(byte[] b, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
