package io.mysqlmongosync.api;

import io.mysqlmongosync.config.SettingBounds;

/**
 * The bounds of the interval between scheduled runs that {@code PUT /sync/interval} accepts, in whole minutes: the
 * one place the API's validation, its error messages and its OpenAPI annotations take them from (compile-time
 * constants, so annotations can use them).
 */
public final class IntervalMinutes {

    /** Fewest minutes between scheduled runs (the setting's bound, {@link SettingBounds}). */
    public static final int MIN = SettingBounds.INTERVAL_MINUTES_MIN;
    /** Most minutes between scheduled runs (a day). */
    public static final int MAX = SettingBounds.INTERVAL_MINUTES_MAX;
    /** {@link #MIN} as annotation text. */
    public static final String MIN_TEXT = "" + MIN;
    /** {@link #MAX} as annotation text. */
    public static final String MAX_TEXT = "" + MAX;
    /** The range as the messages and documents write it: {@code 1..1440}. */
    public static final String RANGE = MIN + ".." + MAX;
    /** What a value of {@code interval_minutes} must look like, for error messages. */
    public static final String WHOLE_NUMBER = "interval_minutes must be a whole number from " + MIN + " to " + MAX
            + " written without a fraction or exponent";

    private IntervalMinutes() {
    }

    /** Whether {@code minutes} is in the range. */
    public static boolean accepts(int minutes) {
        return minutes >= MIN && minutes <= MAX;
    }

    /** The message refusing {@code minutes} (outside the range). */
    public static String outOfRange(int minutes) {
        return "interval_minutes must be between " + MIN + " and " + MAX + ", got " + minutes;
    }
}
