package io.mysqlmongosync.config;

/**
 * The bounds of the settings that more than one place checks or describes (an environment variable, its per-table
 * form, the mapping file's key, the control API), declared once. The values are compile-time constants, so
 * annotations can use them ({@code @Schema(minimum = "" + INTERVAL_MINUTES_MIN)}); the {@code *_RANGE} texts are
 * how descriptions write a range ({@code 1..1440}), the {@code *_FROM_TO} texts how messages word it.
 */
public final class SettingBounds {

    /** Shortest interval between scheduled runs, in minutes (SYNC_INTERVAL_MINUTES and a table's own). */
    public static final int INTERVAL_MINUTES_MIN = 1;
    /** Longest interval between scheduled runs, in minutes: a day. */
    public static final int INTERVAL_MINUTES_MAX = 1440;
    /** The interval range as descriptions write it: {@code 1..1440}. */
    public static final String INTERVAL_MINUTES_RANGE = INTERVAL_MINUTES_MIN + ".." + INTERVAL_MINUTES_MAX;
    /** The interval range as messages word it: {@code from 1 to 1440}. */
    public static final String INTERVAL_MINUTES_FROM_TO = "from " + INTERVAL_MINUTES_MIN + " to "
            + INTERVAL_MINUTES_MAX;

    /** Shortest interval between scheduled repairs, in minutes: 0 turns them off (SYNC_REPAIR_INTERVAL_MINUTES). */
    public static final int REPAIR_INTERVAL_MINUTES_MIN = 0;
    /** Longest interval between scheduled repairs, in minutes: a week. */
    public static final int REPAIR_INTERVAL_MINUTES_MAX = 10_080;
    /** The repair interval range as descriptions write it: {@code 0..10080}. */
    public static final String REPAIR_INTERVAL_MINUTES_RANGE = REPAIR_INTERVAL_MINUTES_MIN + ".."
            + REPAIR_INTERVAL_MINUTES_MAX;
    /** The repair interval range as messages word it: {@code from 0 (off) to 10080}. */
    public static final String REPAIR_INTERVAL_MINUTES_FROM_TO = "from " + REPAIR_INTERVAL_MINUTES_MIN + " (off) to "
            + REPAIR_INTERVAL_MINUTES_MAX;

    /** Fewest rows per keyset page and per bulk write (SYNC_BATCH_SIZE). */
    public static final int BATCH_SIZE_MIN = 1;
    /** Most rows per keyset page and per bulk write. */
    public static final int BATCH_SIZE_MAX = 100_000;
    /** The batch size range as descriptions write it: {@code 1..100000}. */
    public static final String BATCH_SIZE_RANGE = BATCH_SIZE_MIN + ".." + BATCH_SIZE_MAX;

    private SettingBounds() {
    }
}
