package io.mysqlmongosync.engine.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a key span into contiguous load ranges that together cover every key. */
class LoadRangeTest {

    private static List<Long[]> bounds(List<LoadRange> ranges) {
        return ranges.stream().map(r -> new Long[] {r.lower(), r.upper()}).toList();
    }

    @Test
    void evenSplitIsContiguousAndOpenAtBothEnds() {
        List<LoadRange> r = LoadRange.split(1, 1000, 2);
        assertEquals(2, r.size());
        assertNull(r.get(0).lower());
        assertEquals(501L, r.get(0).upper());
        assertEquals(501L, r.get(1).lower());
        assertNull(r.get(1).upper());
    }

    @Test
    void unevenSpanRoundsTheWidthUp() {
        List<Long[]> b = bounds(LoadRange.split(0, 9, 3)); // 10 keys, width 4: [..4) [4..8) [8..)
        assertEquals(3, b.size());
        assertEquals(4L, b.get(0)[1]);
        assertEquals(4L, b.get(1)[0]);
        assertEquals(8L, b.get(1)[1]);
        assertEquals(8L, b.get(2)[0]);
        assertNull(b.get(2)[1]);
    }

    @Test
    void neverMoreRangesThanKeys() {
        assertEquals(3, LoadRange.split(1, 3, 8).size());
        assertNull(LoadRange.split(5, 5, 4), "one key: nothing to split");
        assertNull(LoadRange.split(1, 1000, 1), "one partition: no split");
    }

    @Test
    void fullLongSpanDoesNotOverflow() {
        List<LoadRange> r = LoadRange.split(Long.MIN_VALUE, Long.MAX_VALUE, 2);
        assertEquals(2, r.size());
        assertEquals(0L, r.get(0).upper());
        assertEquals(0L, r.get(1).lower());
    }
}
