package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DATETIME text read by hand is the LocalDateTime the text names; anything else is left to the driver. */
class DateTimeTextTest {

    private static LocalDateTime read(String text) {
        return ColumnReaders.dateTimeText(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everyPrecisionGivesTheNamedTime() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime t = LocalDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12), 1, random.nextInt(24),
                    random.nextInt(60), random.nextInt(60)).plusDays(random.nextInt(31));
            if (t.getYear() > 9999) {
                continue;
            }
            int fsp = random.nextInt(7);
            String text = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            String fraction = String.format("%06d", random.nextInt(1_000_000)).substring(0, fsp);
            LocalDateTime expected = LocalDateTime.parse(text.replace(' ', 'T') + (fsp > 0 ? "." + fraction : ""));
            assertEquals(expected, read(text + (fsp > 0 ? "." + fraction : "")), text + "." + fraction);
        }
        assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000), read("2024-02-29 23:59:59.999999"));
        assertEquals(LocalDateTime.of(0, 1, 1, 0, 0), read("0000-01-01 00:00:00"), "year 0: the caller's rule");
    }

    @Test
    void leavesOtherTextToTheDriver() {
        for (String text : new String[] {"0000-00-00 00:00:00", "2024-00-10 00:00:00", "2024-01-00 00:00:00",
                "2023-02-29 00:00:00", "2024-04-31 00:00:00", "2024-13-01 00:00:00", "2024-01-01 24:00:00",
                "2024-01-01 00:60:00", "2024-01-01 00:00:60", "2024-01-01", "2024-01-01 00:00:00.",
                "2024-01-01 00:00:00.1234567", "2024-01-01T00:00:00", "2024/01/01 00:00:00", "2024-01-01 00:00:0x",
                "-024-01-01 00:00:00", "2024-01-01 00:00:00,5", ""}) {
            assertNull(read(text), text);
        }
    }
}
