package io.mysqlmongosync.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * A value of each type the reverse direction writes to {@code products} (schemas {@code /db/reverse.sql} and
 * {@code /db/reverse_inserts.sql}): as the fields of a document, and the columns of the row they must give.
 */
final class ExactTypes {

    static final byte[] PHOTO = {0, 1, 2, (byte) 255};

    /** The columns to read back, in the order {@link #assertWritten} expects them. */
    static final String COLUMNS = "name, price, stock, active, tags, JSON_EXTRACT(attrs, '$.color'),"
            + " JSON_LENGTH(attrs, '$.sizes'), photo, ST_X(location), ST_Y(location),"
            + " DATE_FORMAT(available_at, '%Y-%m-%d %H:%i:%s.%f'), CAST(released AS CHAR)";

    private ExactTypes() {
    }

    /** The document fields, title to released. */
    static Document fields() {
        return new Document("title", "desk lamp").append("price", new Decimal128(new BigDecimal("12.3")))
                .append("stock", 7).append("active", false).append("tags", List.of("sale", "eco"))
                .append("attrs", new Document("color", "red").append("sizes", List.of(1, 2)))
                .append("photo", new Binary(PHOTO))
                .append("location", new Document("type", "Point").append("coordinates", List.of(2.5, -1.25)))
                .append("available_at", new Date(1_700_000_000_123L))
                .append("available_at_micros", 1_700_000_000_123_456L)
                .append("released", new Date(1_704_067_200_000L));
    }

    /** {@code v}, the {@link #COLUMNS} of the row, hold exactly what {@link #fields} gave. */
    static void assertWritten(Object[] v) {
        assertEquals("desk lamp", v[0]);
        assertEquals(new BigDecimal("12.30"), v[1]);
        assertEquals(7, ((Number) v[2]).intValue());
        assertEquals(0, ((Number) v[3]).intValue());
        assertEquals("sale,eco", v[4]);
        assertEquals("\"red\"", v[5]);
        assertEquals(2, ((Number) v[6]).intValue());
        assertArrayEquals(PHOTO, (byte[]) v[7]);
        assertEquals(2.5, ((Number) v[8]).doubleValue());
        assertEquals(-1.25, ((Number) v[9]).doubleValue());
        assertEquals("2023-11-14 22:13:20.123456", v[10]);
        assertEquals("2024-01-01", v[11]);
    }
}
