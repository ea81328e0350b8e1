package io.mysqlmongosync.api;

import io.mysqlmongosync.engine.UnknownTableException;
import java.util.List;

/**
 * The query of a paged list filtered by table ({@code table}, {@code limit} 1..500, {@code offset} from 0), checked:
 * a number out of range is a 400, a table that is not configured a 404.
 *
 * @param offset where the page starts
 * @param limit the most entries it holds
 */
record PageQuery(int offset, int limit) {

    /** The largest page (and history) a list answers. */
    static final int MAX_LIMIT = 500;

    /** The page of {@code limit} and {@code offset} over {@code table} (null: every table) of {@code configured}. */
    static PageQuery of(String table, String limit, String offset, List<String> configured) {
        int n = number("limit", limit, 1, MAX_LIMIT);
        PageQuery page = new PageQuery(number("offset", offset, 0, Integer.MAX_VALUE), n);
        if (table != null && !configured.contains(table)) {
            throw new UnknownTableException(table, configured);
        }
        return page;
    }

    /** {@code value} as a whole number from {@code min} to {@code max}, else a 400 naming the parameter. */
    static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got "
                + ApiError.quote(value));
    }
}
