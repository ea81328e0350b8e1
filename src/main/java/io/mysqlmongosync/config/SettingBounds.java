package io.mysqlmongosync.config;

/**
 * The bounds of the settings that more than one place checks or describes (an environment variable, its per-table
 * form, the mapping file's key, the control API), declared once. The values are compile-time constants, so
 * annotations can use them ({@code @Schema(minimum = "" + INTERVAL_MINUTES_MIN)}); the {@code *_FROM_TO} texts are
 * the wording of the messages that name a range.
 */
public final class SettingBounds {

    /** Shortest interval between scheduled runs, in minutes (SYNC_INTERVAL_MINUTES and a table's own). */
    public static final int INTERVAL_MINUTES_MIN = 1;
    /** Longest interval between scheduled runs, in minutes: a day. */
    public static final int INTERVAL_MINUTES_MAX = 1440;
    /** The interval range as messages word it: {@code from 1 to 1440}. */
    public static final String INTERVAL_MINUTES_FROM_TO = "from " + INTERVAL_MINUTES_MIN + " to " + INTERVAL_MINUTES_MAX;

    /** Shortest interval between scheduled repairs, in minutes: 0 turns them off (SYNC_REPAIR_INTERVAL_MINUTES). */
    public static final int REPAIR_INTERVAL_MINUTES_MIN = 0;
    /** Longest interval between scheduled repairs, in minutes: a week. */
    public static final int REPAIR_INTERVAL_MINUTES_MAX = 10_080;
    /** The repair interval range as messages word it: {@code from 0 (off) to 10080}. */
    public static final String REPAIR_INTERVAL_MINUTES_FROM_TO = "from " + REPAIR_INTERVAL_MINUTES_MIN + " (off) to "
            + REPAIR_INTERVAL_MINUTES_MAX;

    /** Fewest rows per keyset page and per bulk write (SYNC_BATCH_SIZE). */
    public static final int BATCH_SIZE_MIN = 1;
    /** Most rows per keyset page and per bulk write. */
    public static final int BATCH_SIZE_MAX = 100_000;

    private SettingBounds() {
    }
}
