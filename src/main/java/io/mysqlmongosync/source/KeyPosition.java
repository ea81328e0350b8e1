package io.mysqlmongosync.source;

import java.util.Arrays;

/**
 * Where a keyset scan starts: at the beginning, at an inclusive value of the first order column (the
 * look-back start), or strictly after a full tuple of order-column values (a page boundary).
 *
 * @param values raw JDBC values of the order columns; empty for the start, one value for "from"
 * @param inclusiveFirst true when only the first column is bound, inclusively
 */
public record KeyPosition(Object[] values, boolean inclusiveFirst) {

    /** The beginning of the scan. */
    public static KeyPosition start() {
        return new KeyPosition(new Object[0], false);
    }

    /** Rows whose first order column is {@code >= value}. */
    public static KeyPosition from(Object value) {
        return new KeyPosition(new Object[] {value}, true);
    }

    /** Rows strictly after the tuple {@code values}, in order-column order. */
    public static KeyPosition after(Object[] values) {
        return new KeyPosition(values.clone(), false);
    }

    /** Whether this is the beginning of the scan. */
    public boolean isStart() {
        return values.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPosition p && p.inclusiveFirst == inclusiveFirst && Arrays.deepEquals(p.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values) * 31 + Boolean.hashCode(inclusiveFirst);
    }

    @Override
    public String toString() {
        return (inclusiveFirst ? ">= " : "> ") + Arrays.deepToString(values);
    }
}
