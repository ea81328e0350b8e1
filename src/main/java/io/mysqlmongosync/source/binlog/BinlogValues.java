package io.mysqlmongosync.source.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.schema.ColumnInfo;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns a binlog cell into the plain value a text-protocol JDBC read of the same column gives (a number, the
 * server's text form, or bytes), so that the polling path's converters produce the same document from it. One
 * function per column, chosen once from the column's schema and character set.
 */
final class BinlogValues {

    private BinlogValues() {
    }

    /**
     * The cell reader of {@code column}; {@code charset} is the column's MySQL character set (null when it has
     * none), {@code zone} the session zone TIMESTAMP values are shown in, {@code mysqlJson} whether JSON cells are
     * MySQL's binary JSON (MariaDB's JSON is text).
     */
    static Function<Serializable, Object> reader(ColumnInfo column, String charset, ZoneId zone) {
        String type = column.dataType().toLowerCase(Locale.ROOT);
        Charset cs = javaCharset(charset);
        boolean latin1 = charset != null && "latin1".equalsIgnoreCase(charset);
        return switch (type) {
            case "tinyint" -> unsigned(column, 0xffL);
            case "smallint" -> unsigned(column, 0xffffL);
            case "mediumint" -> unsigned(column, 0xffffffL);
            case "int", "integer" -> unsigned(column, 0xffffffffL);
            case "bigint" -> column.unsigned() ? v -> new BigInteger(Long.toUnsignedString(((Number) v).longValue()))
                    : v -> ((Number) v).longValue();
            case "float" -> v -> floatAsText(((Number) v).floatValue());
            case "double", "real", "double precision" -> v -> ((Number) v).doubleValue();
            case "year" -> v -> ((Number) v).longValue();
            case "timestamp" -> v -> v instanceof Long us ? timestampText(us, column.fsp(), zone) : v;
            case "enum" -> v -> enumLabel(column, ((Number) v).intValue());
            case "set" -> v -> setLabels(column, ((Number) v).longValue());
            case "bit" -> v -> bitBytes((BitSet) v, column.precision());
            case "binary" -> v -> padded((byte[]) v, column.precision() > 0 ? column.precision() : length(column));
            case "json" -> v -> json((byte[]) v, column.name());
            default -> !text(type) ? v -> v
                    : latin1 ? v -> v instanceof byte[] b ? latin1(b) : v
                    : v -> v instanceof byte[] b ? new String(b, cs) : v;
        };
    }

    /** FLOAT as the server sends it as text (6 significant digits, %g) and JDBC parses it back. */
    static double floatAsText(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f) || f == 0f) {
            return f;
        }
        return new java.math.BigDecimal(f).round(new java.math.MathContext(6, java.math.RoundingMode.HALF_EVEN))
                .doubleValue();
    }

    private static boolean text(String type) {
        return switch (type) {
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> true;
            default -> false;
        };
    }

    private static Function<Serializable, Object> unsigned(ColumnInfo column, long mask) {
        return column.unsigned() ? v -> ((Number) v).longValue() & mask : v -> ((Number) v).longValue();
    }

    /** TIMESTAMP µs since the epoch in the server's text form, as the session in {@code zone} shows it. */
    static String timestampText(long micros, int fsp, ZoneId zone) {
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        LocalDateTime t = LocalDateTime.ofInstant(at, zone);
        return TypeConverter.formatDateTime(t).substring(0, 19) + TemporalCells.fractionText(fsp, t.getNano() / 1000);
    }

    /** ENUM: the label at 1-based {@code index}; 0 is the empty string MySQL stores for an invalid value. */
    static String enumLabel(ColumnInfo column, int index) {
        List<String> labels = labels(column.columnType());
        return index <= 0 || index > labels.size() ? "" : labels.get(index - 1);
    }

    /** SET: the labels of the bits in {@code mask}, comma-separated in definition order. */
    static String setLabels(ColumnInfo column, long mask) {
        List<String> labels = labels(column.columnType());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < labels.size() && i < 64; i++) {
            if ((mask & (1L << i)) != 0) {
                b.append(b.length() == 0 ? "" : ",").append(labels.get(i));
            }
        }
        return b.toString();
    }

    /** The quoted labels of {@code enum('a','b''c')} or {@code set(...)}. */
    static List<String> labels(String columnType) {
        List<String> labels = new ArrayList<>();
        int i = columnType.indexOf('(');
        StringBuilder cur = null;
        for (i = i + 1; i < columnType.length(); i++) {
            char ch = columnType.charAt(i);
            if (cur == null) {
                if (ch == '\'') {
                    cur = new StringBuilder();
                }
            } else if (ch == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                cur.append('\'');
                i++;
            } else if (ch == '\'') {
                labels.add(cur.toString());
                cur = null;
            } else {
                cur.append(ch);
            }
        }
        return labels;
    }

    /** BIT(n): big-endian bytes, {@code ceil(n/8)} of them, as JDBC returns them. */
    static byte[] bitBytes(BitSet bits, int width) {
        int n = Math.max(1, (Math.max(width, 1) + 7) / 8);
        byte[] out = new byte[n];
        for (int i = bits.nextSetBit(0); i >= 0 && i < n * 8; i = bits.nextSetBit(i + 1)) {
            out[n - 1 - i / 8] |= (byte) (1 << (i % 8));
        }
        return out;
    }

    /** BINARY(n): the binlog drops trailing zero bytes; JDBC returns all n. */
    static byte[] padded(byte[] v, int n) {
        return v.length >= n ? v : java.util.Arrays.copyOf(v, n);
    }

    private static int length(ColumnInfo column) {
        String ct = column.columnType();
        int open = ct.indexOf('(');
        int close = ct.indexOf(')');
        return open < 0 || close < open ? 0 : Integer.parseInt(ct.substring(open + 1, close).trim());
    }

    /** MySQL's binary JSON as JSON text. */
    static String json(byte[] v, String column) {
        try {
            return JsonBinary.parseAsString(v);
        } catch (IOException | RuntimeException e) {
            throw new ConversionException(column + ": unreadable binary JSON in the binlog: " + e.getMessage(), e);
        }
    }

    /**
     * The server's {@code latin1} as text. MySQL and MariaDB define latin1 as Windows cp1252 except for the five
     * bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which they map to the C1 control characters of
     * the same value (U+0081, ...): that is what {@code CONVERT(col USING utf8mb4)} and a read in UTF-8 return.
     * Java's windows-1252 decoder turns those five bytes into U+FFFD, so a text decoded with it differed silently
     * from the same row read through JDBC.
     */
    static String latin1(byte[] b) {
        char[] out = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = LATIN1[b[i] & 0xff];
        }
        return new String(out);
    }

    /** Byte to character of the server's latin1 (see {@link #latin1}). */
    private static final char[] LATIN1 = latin1Table();

    private static char[] latin1Table() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String cp1252 = new String(all, Charset.forName("windows-1252"));
        char[] table = new char[256];
        for (int i = 0; i < 256; i++) {
            char c = cp1252.charAt(i);
            table[i] = c == '\uFFFD' ? (char) i : c; // the five undefined bytes: the C1 control of the same value
        }
        return table;
    }

    /** The Java charset of a MySQL character set name (UTF-8 when unknown). */
    static Charset javaCharset(String mysql) {
        if (mysql == null) {
            return StandardCharsets.UTF_8;
        }
        String name = switch (mysql.toLowerCase(Locale.ROOT)) {
            case "utf8", "utf8mb3", "utf8mb4" -> "UTF-8";
            case "latin1" -> "windows-1252";
            case "ascii" -> "US-ASCII";
            case "ucs2", "utf16" -> "UTF-16BE";
            case "utf16le" -> "UTF-16LE";
            case "utf32" -> "UTF-32";
            case "cp1250", "cp1251", "cp1256", "cp1257" -> "windows-" + mysql.substring(2);
            case "sjis", "cp932" -> "Shift_JIS";
            case "ujis", "eucjpms" -> "EUC-JP";
            case "euckr" -> "EUC-KR";
            case "gbk", "gb2312", "gb18030", "big5" -> mysql;
            default -> "UTF-8";
        };
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
