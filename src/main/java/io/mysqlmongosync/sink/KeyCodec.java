package io.mysqlmongosync.sink;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * Stores raw keyset values (as {@code KeysetQuery.readRaw} returns them) in BSON and reads them back
 * unchanged: Long, BigDecimal (as Decimal128), Double, byte[] (as binary) and String.
 */
final class KeyCodec {

    private KeyCodec() {
    }

    static List<Object> encode(Object[] raw) {
        List<Object> out = new ArrayList<>(raw.length);
        for (Object v : raw) {
            out.add(v instanceof BigDecimal d ? new Decimal128(d) : v instanceof byte[] b ? new Binary(b) : v);
        }
        return out;
    }

    static Object[] decode(List<?> stored) {
        Object[] out = new Object[stored.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = stored.get(i);
            out[i] = v instanceof Decimal128 d ? d.bigDecimalValue()
                    : v instanceof Binary b ? b.getData()
                    : v instanceof Integer n ? (Object) n.longValue() : v;
        }
        return out;
    }
}
