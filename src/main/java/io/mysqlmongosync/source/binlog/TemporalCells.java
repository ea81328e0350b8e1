package io.mysqlmongosync.source.binlog;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * DATE, TIME, DATETIME and TIMESTAMP cells of row events decoded into what a text-protocol JDBC read gives: the
 * server's text form ({@code 2024-01-02 03:04:05.123456}, {@code -838:59:59.000}, {@code 0000-00-00}) for DATE,
 * TIME and DATETIME, and the epoch in microseconds for a TIMESTAMP (rendered in the session zone later). The
 * library's own decoding turns these into epoch numbers, which loses negative and long TIMEs and zero dates.
 */
final class TemporalCells {

    private static final long DATETIMEF_INT_OFS = 0x8000000000L;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;

    private TemporalCells() {
    }

    /** A TIMESTAMP cell that is the zero timestamp ({@code 0000-00-00 00:00:00}). */
    static final String ZERO_TIMESTAMP = "0000-00-00 00:00:00";

    /** DATE: 3 bytes little-endian, {@code day | month << 5 | year << 9}. */
    static Serializable date(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        return String.format("%04d-%02d-%02d", v >>> 9, (v >>> 5) & 0x0f, v & 0x1f);
    }

    /** DATETIME2 with {@code fsp} fractional digits: 5 bytes big-endian and the fraction. */
    static Serializable datetime(int fsp, ByteArrayInputStream in) throws IOException {
        long packed = bigEndian(in.read(5)) - DATETIMEF_INT_OFS;
        int micros = fraction(fsp, in);
        long ymd = packed >> 17;
        long ym = ymd >> 5;
        long hms = packed % (1 << 17);
        return String.format("%04d-%02d-%02d %02d:%02d:%02d", ym / 13, ym % 13, ymd % 32, hms >> 12,
                (hms >> 6) % 64, hms % 64) + (micros == 0 ? "" : fractionText(fsp, micros));
    }

    /** TIMESTAMP2 with {@code fsp} digits: epoch seconds (4 bytes big-endian) and the fraction, as µs. */
    static Serializable timestamp(int fsp, ByteArrayInputStream in) throws IOException {
        long seconds = bigEndian(in.read(4));
        int micros = fraction(fsp, in);
        if (seconds == 0 && micros == 0) {
            return ZERO_TIMESTAMP;
        }
        return seconds * 1_000_000L + micros;
    }

    /** TIME2 with {@code fsp} digits, signed, hours up to 838. */
    static Serializable time(int fsp, ByteArrayInputStream in) throws IOException {
        long packed;
        switch (fsp) {
            case 1, 2 -> {
                long intPart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
                int frac = in.read();
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10_000L;
            }
            case 3, 4 -> {
                long intPart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
                int frac = (int) bigEndian(in.read(2));
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100L;
            }
            case 5, 6 -> packed = bigEndian(in.read(6)) - TIMEF_OFS;
            default -> packed = (bigEndian(in.read(3)) - TIMEF_INT_OFS) << 24;
        }
        String sign = packed < 0 ? "-" : "";
        long abs = Math.abs(packed);
        long hms = abs >> 24;
        long micros = abs % (1L << 24);
        return sign + String.format("%02d:%02d:%02d", (hms >> 12) % (1 << 10), (hms >> 6) % 64, hms % 64)
                + fractionText(fsp, (int) micros);
    }

    /** The fractional seconds of a temporal2 value, in µs. */
    private static int fraction(int fsp, ByteArrayInputStream in) throws IOException {
        return switch (fsp) {
            case 1, 2 -> in.read() * 10_000;
            case 3, 4 -> (int) bigEndian(in.read(2)) * 100;
            case 5, 6 -> (int) bigEndian(in.read(3));
            default -> 0;
        };
    }

    /** {@code .ffffff} cut to {@code fsp} digits; empty for fsp 0. */
    static String fractionText(int fsp, int micros) {
        return fsp <= 0 ? "" : "." + String.format("%06d", micros).substring(0, Math.min(fsp, 6));
    }

    private static long bigEndian(byte[] bytes) {
        long r = 0;
        for (byte b : bytes) {
            r = (r << 8) | (b & 0xff);
        }
        return r;
    }
}
