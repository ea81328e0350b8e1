package io.mysqlmongosync.source.binlog;

import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How a table's changes are captured: {@code timestamp} polls its change column, {@code rescan} re-reads it in
 * full, {@code binlog} streams its row events, {@code auto} streams when the binlog can be read and polls
 * otherwise. Set for all tables by {@code SYNC_CAPTURE_MODE} and per table by {@code SYNC_<TABLE>_CAPTURE_MODE}.
 */
public enum CaptureMode {
    AUTO, TIMESTAMP, RESCAN, BINLOG;

    /** The variable that sets the mode of all tables. */
    public static final String VARIABLE = "SYNC_CAPTURE_MODE";

    /** The mode named by {@code value} (case-insensitive); {@link IllegalArgumentException} naming {@code variable}. */
    public static CaptureMode parse(String variable, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + "='" + value
                    + "' is not a capture mode; use one of auto, timestamp, rescan, binlog", e);
        }
    }

    /** The per-table variable of {@code table}: {@code SYNC_ORDER_ITEMS_CAPTURE_MODE} for {@code order_items}. */
    public static String tableVariable(String table) {
        return "SYNC_" + table.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CAPTURE_MODE";
    }

    /** The configured mode of {@code table}: its own variable, else {@code SYNC_CAPTURE_MODE}, else {@code auto}. */
    public static CaptureMode of(Config config, String table) {
        String own = tableVariable(table);
        Optional<String> v = config.getOptionalValue(own, String.class);
        if (v.isPresent()) {
            return parse(own, v.get());
        }
        return config.getOptionalValue("sync.capture-mode", String.class)
                .map(s -> parse(VARIABLE, s)).orElse(AUTO);
    }

    /** The name as configured (lower case). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
